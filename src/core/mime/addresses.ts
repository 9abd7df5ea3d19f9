/*
 * RFC 5322 §3.4 address lists (with the §4.4 obsolete forms) for From / Sender / To / Cc. The address found here
 * is what the signer's certificate is compared with, so quoted strings, comments and groups are honoured exactly:
 * a display name such as "ceo@bank.example <ceo@bank.example>" inside quotes is a name, never the address.
 */
import type { AddressDefect } from "./defects.js";
import { decodeEncodedWords, decodeRawHeaderText } from "./encoded-words.js";
import type { AddressGroup, AddressListEntry, MailboxAddress } from "./types.js";

type TokenKind = "atom" | "quoted" | "comment" | "literal" | "special";

interface Token {
  readonly kind: TokenKind;
  /** Quoted strings and comments without delimiters and escapes; everything else as written. */
  readonly text: string;
  /** Exactly as written. */
  readonly raw: string;
  /** White space or a comment came before it. */
  readonly spaceBefore: boolean;
}

const SPECIALS = "<>@,:;.";
/** Chars that end an atom. Backslash and "]" outside their constructs are kept in atoms rather than failing. */
const ATOM_STOP = '<>@,:;."([';

function isWhitespace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
}

/** Reads a delimited construct with backslash escapes; `(` nests when `nests`. Unterminated ones run to the end. */
function readDelimited(s: string, i: number, open: string, close: string, nests: boolean): { text: string; next: number } {
  let depth = 1;
  let text = "";
  let j = i + 1;
  while (j < s.length) {
    const ch = s[j]!;
    if (ch === "\\" && j + 1 < s.length) {
      text += s[j + 1];
      j += 2;
      continue;
    }
    if (nests && ch === open) depth++;
    else if (ch === close && --depth === 0) return { text, next: j + 1 };
    text += ch;
    j++;
  }
  return { text, next: j };
}

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let space = false;
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (isWhitespace(ch)) {
      space = true;
      i++;
      continue;
    }
    let kind: TokenKind;
    let text: string;
    let next: number;
    if (ch === "(") {
      ({ text, next } = readDelimited(s, i, "(", ")", true));
      kind = "comment";
    } else if (ch === '"') {
      ({ text, next } = readDelimited(s, i, '"', '"', false));
      kind = "quoted";
    } else if (ch === "[") {
      next = readDelimited(s, i, "[", "]", false).next;
      text = s.slice(i, next);
      kind = "literal";
    } else if (SPECIALS.includes(ch)) {
      next = i + 1;
      text = ch;
      kind = "special";
    } else {
      next = i + 1;
      while (next < s.length && !isWhitespace(s[next]!) && !ATOM_STOP.includes(s[next]!)) next++;
      text = s.slice(i, next);
      kind = "atom";
    }
    tokens.push({ kind, text, raw: s.slice(i, next), spaceBefore: space });
    // A comment separates words like white space does.
    space = kind === "comment";
    i = next;
  }
  return tokens;
}

function isSpecial(t: Token | undefined, ch: string): boolean {
  return t !== undefined && t.kind === "special" && t.text === ch;
}

/** A phrase for display: words joined by one space where the source had white space, encoded words decoded. */
function phrase(tokens: readonly Token[]): string {
  let out = "";
  for (const t of tokens) {
    if (t.spaceBefore && out !== "") out += " ";
    out += t.kind === "quoted" ? t.text : t.raw;
  }
  return decodeEncodedWords(out).trim();
}

function lastCommentText(segment: readonly Token[]): string {
  for (let k = segment.length - 1; k >= 0; k--) {
    const t = segment[k]!;
    if (t.kind === "comment" && t.text.trim() !== "") return decodeEncodedWords(t.text).trim();
  }
  return "";
}

/** The addr-spec inside <...>: an obsolete source route (`@a,@b:`) is dropped, the rest joined as written. */
function angleAddrText(tokens: readonly Token[]): string {
  let from = 0;
  if (isSpecial(tokens[0], "@") || isSpecial(tokens[0], ",")) {
    const colon = tokens.findIndex((t) => isSpecial(t, ":"));
    if (colon >= 0) from = colon + 1;
  }
  return tokens
    .slice(from)
    .map((t) => t.raw)
    .join("");
}

function isAddrWord(t: Token | undefined): boolean {
  return t !== undefined && (t.kind === "atom" || t.kind === "quoted" || t.kind === "literal" || isSpecial(t, "."));
}

/** In a mailbox without <...>, the addr-spec is the unbroken run of words and dots around the "@" (white space is
 * allowed next to "@" and dots, RFC 5322 §4.4); words before that run are a display name written without <>. */
function bareAddrSpan(tokens: readonly Token[], at: number): { start: number; end: number } {
  let start = at;
  while (start > 0) {
    const prev = tokens[start - 1]!;
    const cur = tokens[start]!;
    if (!isAddrWord(prev)) break;
    const joined = !cur.spaceBefore || isSpecial(cur, "@") || isSpecial(cur, ".") || isSpecial(prev, ".");
    if (!joined) break;
    start--;
  }
  let end = at + 1;
  while (end < tokens.length) {
    const cur = tokens[end]!;
    const prev = tokens[end - 1]!;
    if (!isAddrWord(cur)) break;
    const joined = !cur.spaceBefore || isSpecial(prev, "@") || isSpecial(prev, ".") || isSpecial(cur, ".");
    if (!joined) break;
    end++;
  }
  return { start, end };
}

function mailbox(name: string, address: string, defects: AddressDefect[]): MailboxAddress {
  return defects.length > 0 ? { name, address, defects } : { name, address };
}

/** One mailbox from its tokens (comments included), or undefined for an empty list element. */
function parseMailbox(segment: readonly Token[]): MailboxAddress | undefined {
  const words = segment.filter((t) => t.kind !== "comment");
  if (words.length === 0) return undefined;
  const defects: AddressDefect[] = [];

  const lt = words.findIndex((t) => isSpecial(t, "<"));
  if (lt >= 0) {
    let gt = words.findIndex((t, k) => k > lt && isSpecial(t, ">"));
    if (gt < 0) {
      defects.push("address:unclosed-angle-addr");
      gt = words.length;
    }
    const rest = words.slice(gt + 1);
    if (rest.some((t) => isSpecial(t, "<"))) defects.push("address:multiple-angle-addr");
    else if (rest.length > 0) defects.push("address:text-after-angle-addr");
    const name = phrase(words.slice(0, lt)) || lastCommentText(segment);
    return mailbox(name, angleAddrText(words.slice(lt + 1, gt)), defects);
  }

  const at = words.findIndex((t) => isSpecial(t, "@"));
  if (at < 0) return mailbox(phrase(words), "", defects);
  const span = bareAddrSpan(words, at);
  const address = words
    .slice(span.start, span.end)
    .map((t) => t.raw)
    .join("");
  if (span.start > 0) defects.push("address:name-without-angle-addr");
  const before = phrase(words.slice(0, span.start));
  return mailbox(before || lastCommentText(segment), address, defects);
}

/**
 * Parses an address list. `rawValue` is HeaderField.rawValue: bytes as latin1 chars. 8-bit and ISO-2022-JP bytes
 * are decoded for the whole value before tokenizing, because their multi-byte sequences may contain the bytes of
 * `"`, `\`, `(` or `<` (Shift_JIS trail bytes, JIS X 0208 rows), which would otherwise break the syntax.
 */
export function parseAddressList(rawValue: string): AddressListEntry[] {
  const tokens = tokenize(decodeRawHeaderText(rawValue));
  const entries: AddressListEntry[] = [];
  let group: { name: string; members: MailboxAddress[] } | undefined;
  let segment: Token[] = [];
  let inAngle = false;
  let lastGt = -1;
  tokens.forEach((t, k) => {
    if (isSpecial(t, ">")) lastGt = k;
  });

  const endMailbox = (): void => {
    const m = parseMailbox(segment);
    segment = [];
    if (!m) return;
    if (group) group.members.push(m);
    else entries.push(m);
  };
  const endGroup = (): void => {
    if (!group) return;
    const g: AddressGroup = { group: group.name, members: group.members };
    entries.push(g);
    group = undefined;
  };

  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== "special") {
      segment.push(t);
      continue;
    }
    if (inAngle) {
      // Inside <...> commas and colons belong to an obsolete route, not to the list.
      if (t.text === ">") inAngle = false;
      segment.push(t);
      continue;
    }
    if (t.text === "<") {
      // Without a ">" later on, the list's commas must still separate mailboxes.
      inAngle = lastGt > k;
      segment.push(t);
    } else if (t.text === ",") {
      endMailbox();
    } else if (t.text === ":" && !group) {
      group = { name: phrase(segment.filter((u) => u.kind !== "comment")), members: [] };
      segment = [];
    } else if (t.text === ";") {
      endMailbox();
      endGroup();
    } else {
      segment.push(t);
    }
  }
  endMailbox();
  endGroup();
  return entries;
}

/** Every mailbox of the list, group members included, in order. */
export function mailboxesOf(entries: readonly AddressListEntry[]): MailboxAddress[] {
  const out: MailboxAddress[] = [];
  for (const e of entries) {
    if ("members" in e) out.push(...e.members);
    else out.push(e);
  }
  return out;
}

const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+)*$/;

function splitAddress(addr: string): { local: string; domain: string } | undefined {
  let at: number;
  if (addr.endsWith("]")) {
    const open = addr.lastIndexOf("[");
    at = open > 0 && addr[open - 1] === "@" ? open - 1 : -1;
  } else {
    at = addr.lastIndexOf("@");
  }
  if (at <= 0 || at === addr.length - 1) return undefined;
  return { local: addr.slice(0, at), domain: addr.slice(at + 1) };
}

/** `"john"` and `john` are the same local part (RFC 5321 §4.1.2); quotes are kept only where they are needed. */
function normalizeLocalPart(local: string): string {
  if (local.length < 2 || !local.startsWith('"') || !local.endsWith('"')) return local;
  const inner = local.slice(1, -1).replace(/\\(.)/g, "$1");
  if (DOT_ATOM.test(inner)) return inner;
  return `"${inner.replace(/(["\\])/g, "\\$1")}"`;
}

/**
 * The address in the form used for comparison: white space trimmed, a needlessly quoted local part unquoted, the
 * domain lower-cased (domains are case-insensitive, RFC 5321 §2.4). The local part keeps its case here; IDN
 * A-labels and U-labels are left as written.
 */
export function normalizeAddressForCompare(addr: string): string {
  const trimmed = addr.trim();
  const split = splitAddress(trimmed);
  if (!split) return trimmed;
  return `${normalizeLocalPart(split.local)}@${split.domain.toLowerCase()}`;
}

/**
 * Whether two addresses name the same mailbox for matching From against a certificate (RFC 8550 §3). RFC 5321
 * §2.4 allows a server to treat local parts case-sensitively but discourages relying on it, and certificate
 * issuers and mail clients treat "Alice@" and "alice@" as one person, so the local part is compared
 * case-insensitively as well as the domain. An empty address equals nothing.
 */
export function addressesEqual(a: string, b: string): boolean {
  const na = normalizeAddressForCompare(a);
  const nb = normalizeAddressForCompare(b);
  if (na === "" || nb === "") return false;
  return na.toLowerCase() === nb.toLowerCase();
}
