import { authResultsOf } from "./auth-results.js";
import { OID } from "./cms/oids.js";
import { decryptContentInfo, type DecryptSecrets } from "./cms/decrypt/index.js";
import { recipientsOf } from "./cms/recipients.js";
import type { Identity } from "./keys/identity.js";
import { readContentInfoFrame } from "./cms/read-signed-data.js";
import { checkSignedData, readContentInfo, type SignedDataCheck } from "./cms/verify-signed-data.js";
import { parseMessageDate } from "./message-date.js";
import {
  addressesEqual,
  decodeBody,
  getHeader,
  getHeaders,
  mailboxesOf,
  parseAddressList,
  parseMessage,
  toCanonicalCRLF,
  type MimePart,
} from "./mime/index.js";
import { evaluateSigners, trustContext, type EvaluatedSigner, type TrustContext, type VerifyOptions } from "./evaluate-signers.js";
import { sha256Hex, type ParsedCertificate } from "./pki/certificate.js";
import { validationInfoFromPolicies } from "./pki/validation-level.js";
import { signerMaterialOf, type SignerMaterial } from "./signer-material.js";
import { isBreaking, sortReasons, statusFromReasons, worse } from "./verdict.js";
import {
  REASONS,
  type CertSummary,
  type LayerKind,
  type LayerReport,
  type Reason,
  type SignerReport,
  type SignerRole,
  type Status,
  type Verdict,
} from "./verdict-types.js";

/**
 * S/MIME layers examined in one message. Real mail has at most three (sign, encrypt, sign); a message with more is
 * hostile. Past the limit the rest is not examined and the verdict is `invalid` with `limit-exceeded`.
 */
export const MAX_LAYERS = 16;
/** Text parts larger than this count as visible without decoding them to look for non-blank text. */
const VISIBILITY_SCAN_BYTES = 64 * 1024;

type Tree =
  | { readonly t: "signed"; readonly layer: number; readonly inner: Tree; readonly attachment: boolean }
  | { readonly t: "encrypted"; readonly layer: number; readonly attachment: boolean; readonly inner: Tree | null }
  | { readonly t: "container"; readonly children: readonly Tree[] }
  | { readonly t: "leaf"; readonly visible: boolean; readonly attachment: boolean };

interface Layer {
  readonly kind: LayerKind;
  readonly depth: number;
  readonly problems: Reason[];
  readonly notes: string[];
  readonly signers: EvaluatedSigner[];
  /** The From header inside the signed entity (RFC 9788 header protection), raw, when there is one. */
  readonly innerFrom: string | null;
  readonly recipients: string[];
  /** For signature layers: the certificates the SignedData carried. */
  readonly certificates?: readonly ParsedCertificate[];
  /** For encryption layers: what decryption gave. */
  readonly decryption?: { readonly state: "decrypted" | "no-key" | "failed"; readonly integrity: "aead" | "none" };
}

interface Context extends TrustContext {
  readonly identities: readonly Identity[];
  readonly secrets: DecryptSecrets | undefined;
  readonly dateHeader: Date | null;
  readonly layers: Layer[];
  limitHit: boolean;
}

function isAttachment(part: MimePart): boolean {
  const cd = getHeader(part, "content-disposition");
  return cd !== undefined && /^\s*attachment\b/i.test(cd.rawValue);
}

function isVisible(part: MimePart): boolean {
  const { type } = part.contentType;
  if (type !== "text") return part.bodyRange.end > part.bodyRange.start;
  if (part.bodyRange.end - part.bodyRange.start > VISIBILITY_SCAN_BYTES) return true;
  const body = decodeBody(part);
  for (const b of body) if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) return true;
  return false;
}

function isPkcs7(part: MimePart, subtypes: readonly string[]): boolean {
  const { type, subtype, params } = part.contentType;
  if (type !== "application") return false;
  if (subtypes.includes(subtype) || subtypes.includes(subtype.replace(/^x-/, ""))) return true;
  // Some clients label S/MIME as octet-stream and rely on the .p7m / .p7s name.
  const name = (params["name"] ?? getHeader(part, "content-disposition")?.rawValue ?? "").toLowerCase();
  return subtype === "octet-stream" && subtypes.includes("pkcs7-mime") && /\.p7m\b/.test(name);
}

/** Whom an encrypted layer is for, read only when no key opened it. */
function recipientsIn(der: Uint8Array): string[] {
  const ci = readContentInfo(der);
  return ci.ok ? recipientsOf(ci.contentType, ci.content) : [];
}

function addLayer(ctx: Context, layer: Layer): number {
  ctx.layers.push(layer);
  return ctx.layers.length - 1;
}

async function signatureLayer(ctx: Context, kind: LayerKind, depth: number, check: SignedDataCheck, innerFrom: string | null): Promise<number> {
  return addLayer(ctx, {
    kind,
    depth,
    problems: [...check.problems],
    notes: [...check.notes],
    signers: await evaluateSigners(ctx, check, ctx.dateHeader),
    innerFrom,
    recipients: [],
    certificates: check.certificates,
  });
}

async function walk(ctx: Context, part: MimePart, depth: number): Promise<Tree> {
  const attachment = isAttachment(part);
  const { type, subtype } = part.contentType;
  if (ctx.layers.length >= MAX_LAYERS) {
    ctx.limitHit = true;
    return { t: "leaf", visible: true, attachment };
  }

  if (type === "multipart" && subtype === "signed") {
    const protocol = (part.contentType.params["protocol"] ?? "").toLowerCase();
    const sigPart = part.children[1];
    const isSmime = /pkcs7-signature/.test(protocol) || (sigPart !== undefined && isPkcs7(sigPart, ["pkcs7-signature"]));
    if (isSmime) {
      const content = part.children[0];
      if (!content || !sigPart) {
        const idx = addLayer(ctx, {
          kind: "multipart-signed",
          depth,
          problems: ["malformed"],
          notes: ["multipart/signed without both a content part and a signature part"],
          signers: [],
          innerFrom: null,
          recipients: [],
        });
        const inner: Tree = content ? await walk(ctx, content, depth + 1) : { t: "leaf", visible: false, attachment: false };
        return { t: "signed", layer: idx, inner, attachment };
      }
      // RFC 8551 §3.1.1: the signature covers the first part in canonical form (CRLF line ends).
      const signed = toCanonicalCRLF(content.source.subarray(content.range.start, content.range.end));
      const check = await checkSignedData({ subtle: ctx.subtle, der: decodeBody(sigPart), detachedContent: signed, extraCertificates: ctx.extra, certificateCache: ctx.certificateCache });
      const idx = await signatureLayer(ctx, "multipart-signed", depth, check, getHeader(content, "from")?.rawValue ?? null);
      return { t: "signed", layer: idx, inner: await walk(ctx, content, depth + 1), attachment };
    }
  }

  if (isPkcs7(part, ["pkcs7-mime"])) {
    const der = decodeBody(part);
    const ci = readContentInfoFrame(der);
    if (!ci.ok) {
      const idx = addLayer(ctx, { kind: "opaque-signed", depth, problems: ["malformed"], notes: [ci.error], signers: [], innerFrom: null, recipients: [] });
      return { t: "signed", layer: idx, inner: { t: "leaf", visible: false, attachment: false }, attachment };
    }
    if (ci.contentType === OID.envelopedData || ci.contentType === OID.authEnvelopedData) {
      const kind = ci.contentType === OID.envelopedData ? "enveloped" : "auth-enveloped";
      const outcome = ctx.identities.length > 0 || ctx.secrets ? await decryptContentInfo(der, ctx.identities, ctx.subtle, ctx.secrets) : null;
      if (outcome?.ok) {
        const idx = addLayer(ctx, {
          kind,
          depth,
          problems: [],
          notes: [`decrypted (${outcome.cipher})`, ...outcome.notes],
          signers: [],
          innerFrom: null,
          recipients: [],
          decryption: { state: "decrypted", integrity: outcome.integrity },
        });
        return { t: "encrypted", layer: idx, attachment, inner: await walk(ctx, parseMessage(outcome.content), depth + 1) };
      }
      const failed = outcome !== null && outcome.error !== "no-key";
      const idx = addLayer(ctx, {
        kind,
        depth,
        problems: [],
        notes: [outcome ? `${outcome.error}: ${outcome.detail}` : "no key to decrypt this layer"],
        signers: [],
        innerFrom: null,
        recipients: outcome ? [...outcome.recipients] : recipientsIn(der),
        decryption: { state: failed ? "failed" : "no-key", integrity: "none" },
      });
      return { t: "encrypted", layer: idx, attachment, inner: null };
    }
    if (ci.contentType === OID.signedData) {
      const check = await checkSignedData({ subtle: ctx.subtle, der, extraCertificates: ctx.extra, certificateCache: ctx.certificateCache });
      const smimeType = (part.contentType.params["smime-type"] ?? "").toLowerCase();
      if (smimeType === "certs-only" && check.signers.length === 0 && check.problems.every((p) => p === "no-signer")) {
        addLayer(ctx, { kind: "certs-only", depth, problems: [], notes: [`${check.certificates.length} certificates, no signature`], signers: [], innerFrom: null, recipients: [] });
        return { t: "leaf", visible: true, attachment };
      }
      let inner: Tree = { t: "leaf", visible: false, attachment: false };
      let innerFrom: string | null = null;
      if (check.eContent) {
        const innerPart = parseMessage(check.eContent);
        innerFrom = getHeader(innerPart, "from")?.rawValue ?? null;
        inner = await walk(ctx, innerPart, depth + 1);
      }
      const idx = await signatureLayer(ctx, "opaque-signed", depth, check, innerFrom);
      return { t: "signed", layer: idx, inner, attachment };
    }
    return { t: "leaf", visible: true, attachment };
  }

  if (type === "multipart") {
    const children: Tree[] = [];
    for (const child of part.children) children.push(await walk(ctx, child, depth + 1));
    return { t: "container", children };
  }
  return { t: "leaf", visible: isVisible(part), attachment };
}

interface Coverage {
  readonly kind: "full" | "partial" | "none" | "hidden";
  /** Layers that cover all shown content, outermost first. */
  readonly layers: readonly number[];
  /** Signature layers that cover only some of what is shown. */
  readonly partial: readonly number[];
  /** Signature layers outside an encryption layer: reported, but they do not vouch for the plaintext. */
  readonly outer: readonly number[];
  /** The content came out of an encryption layer. */
  readonly sealed: boolean;
}

const NONE: Coverage = { kind: "none", layers: [], partial: [], outer: [], sealed: false };

function cover(tree: Tree): Coverage {
  switch (tree.t) {
    case "leaf":
      return NONE;
    case "encrypted":
      if (!tree.inner) return { kind: "hidden", layers: [], partial: [], outer: [], sealed: true };
      return { ...cover(tree.inner), sealed: true };
    case "signed": {
      const inner = cover(tree.inner);
      // Anyone can sign ciphertext they did not write (RFC 8551 §3.7): only layers inside the encryption count.
      if (inner.kind === "hidden" || inner.sealed) return { ...inner, outer: [tree.layer, ...inner.outer] };
      if (inner.kind === "full") return { kind: "full", layers: [tree.layer, ...inner.layers], partial: inner.partial, outer: [], sealed: false };
      return { kind: "full", layers: [tree.layer], partial: [...inner.partial, ...inner.layers], outer: [], sealed: false };
    }
    case "container": {
      const relevant = tree.children.filter((c) => !(c.t === "leaf" && !c.visible));
      const covers = relevant.map(cover);
      if (relevant.length === 1 && !(relevant[0]!.t === "signed" && relevant[0]!.attachment)) return covers[0]!;
      const signedLayers = covers.flatMap((c) => [...c.layers, ...c.partial]);
      const outer = covers.flatMap((c) => c.outer);
      const sealed = covers.some((c) => c.sealed);
      if (signedLayers.length > 0) return { kind: "partial", layers: [], partial: signedLayers, outer, sealed };
      if (covers.some((c) => c.kind === "hidden")) return { kind: "hidden", layers: [], partial: [], outer, sealed };
      return { ...NONE, outer, sealed };
    }
  }
}

interface FromInfo {
  readonly mailbox: { readonly name: string; readonly address: string } | null;
  readonly problem: "no-from" | "multiple-from" | "ambiguous-from" | null;
}

function fromOf(message: MimePart): FromInfo {
  const headers = getHeaders(message, "from");
  if (headers.length === 0) return { mailbox: null, problem: "no-from" };
  if (headers.length > 1) return { mailbox: null, problem: "multiple-from" };
  const entries = parseAddressList(headers[0]!.rawValue);
  const mailboxes = mailboxesOf(entries);
  if (mailboxes.length > 1) return { mailbox: null, problem: "multiple-from" };
  const only = mailboxes[0];
  if (!only || only.address === "") return { mailbox: null, problem: "no-from" };
  // Syntax that mail clients resolve differently (two <...>, a group, an unclosed bracket) may show the reader
  // another address than the one we would compare: never bind a signature to it.
  if ((only.defects?.length ?? 0) > 0 || entries.some((e) => "group" in e)) return { mailbox: null, problem: "ambiguous-from" };
  return { mailbox: { name: only.name, address: only.address }, problem: null };
}

function bindingReasons(signer: EvaluatedSigner, from: FromInfo): Reason[] {
  if (from.problem) return [from.problem];
  const emails = signer.check.certificate?.emails ?? [];
  if (!signer.check.certificate) return [];
  if (emails.length === 0) return ["cert-without-email"];
  return emails.some((e) => addressesEqual(e, from.mailbox!.address)) ? [] : ["email-mismatch"];
}

function innerFromMatches(layer: Layer, from: FromInfo): boolean {
  if (layer.innerFrom === null || !from.mailbox) return true;
  const inner = mailboxesOf(parseAddressList(layer.innerFrom));
  return inner.length === 1 && addressesEqual(inner[0]!.address, from.mailbox.address);
}

function issuerName(cert: ParsedCertificate): string {
  const cn = /(?:^|, )CN=([^,]+)/.exec(cert.issuer);
  return cn ? cn[1]! : cert.issuer;
}

async function summarize(subtle: SubtleCrypto, cert: ParsedCertificate): Promise<CertSummary> {
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialHex,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256: await sha256Hex(subtle, cert.der),
  };
}

const ORDER: readonly Reason[] = REASONS;

async function signerReport(
  ctx: Context,
  layerIndex: number,
  signer: EvaluatedSigner,
  role: SignerRole,
  from: FromInfo,
): Promise<SignerReport> {
  const cert = signer.check.certificate;
  const binding = bindingReasons(signer, from);
  const reasons = sortReasons([...signer.reasons, ...(role === "outer" ? [] : binding)], ORDER);
  const emails = cert?.emails ?? [];
  const matching = from.mailbox ? emails.find((e) => addressesEqual(e, from.mailbox!.address)) : undefined;
  const validation = validationInfoFromPolicies(cert?.policies ?? []);
  const chain = signer.path ? await Promise.all(signer.path.chain.map((c) => summarize(ctx.subtle, c))) : [];
  return {
    email: matching ?? emails[0] ?? null,
    emails,
    name: cert?.commonName ?? null,
    organization: cert?.organization ?? null,
    issuer: cert ? issuerName(cert) : null,
    validation: validation.level,
    validationGeneration: validation.generation,
    signingTime: signer.check.signingTime?.toISOString() ?? null,
    algorithm: signer.check.algorithm.label,
    bindsFrom: binding.length === 0 && cert !== null,
    status: statusFromReasons(reasons),
    reasons,
    role,
    layer: layerIndex,
    chain,
    trustAnchor: signer.path?.anchor?.subject ?? null,
  };
}

function layerBreaks(layer: Layer): Reason[] {
  const out = layer.problems.filter(isBreaking);
  for (const s of layer.signers) for (const r of s.reasons) if (isBreaking(r)) out.push(r);
  return out;
}

export type { VerifyOptions } from "./evaluate-signers.js";

/** Verifies every S/MIME layer of a message and combines them into one verdict. Never throws on bad input. */
export async function verifyMessage(message: Uint8Array, options: VerifyOptions = {}): Promise<Verdict> {
  return createVerifier(options).verify(message);
}

/** Per-message settings of a verifier made once with its trust anchors. */
export interface VerifyCall {
  readonly now?: Date;
  readonly identities?: readonly Identity[];
}

/** A verdict with what a reader keeps from the binding signer (see signer-material.ts). */
export interface VerdictWithSigner {
  readonly verdict: Verdict;
  /** The binding signer's certificate and announcements; null when the verdict names no binding signer. */
  readonly signer: SignerMaterial | null;
}

export interface Verifier {
  verify(message: Uint8Array, call?: VerifyCall): Promise<Verdict>;
  /** The same verdict as `verify`, plus the binding signer's material for certificate harvesting. */
  verifyWithSigner(message: Uint8Array, call?: VerifyCall): Promise<VerdictWithSigner>;
}

/**
 * A verifier that reads its trust anchors and extra certificates once, for callers that check many messages (the
 * task pane, batch runs). `now` and identities may change per message.
 */
export function createVerifier(options: VerifyOptions = {}): Verifier {
  const trust = trustContext(options);
  const run = (message: Uint8Array, call: VerifyCall): Promise<VerdictWithSigner> =>
    verifyGuarded(message, {
      ...trust,
      now: call.now ?? options.now ?? new Date(),
      identities: call.identities ?? options.identities ?? [],
      secrets: options.secrets,
    });
  return {
    verify: async (message, call = {}) => (await run(message, call)).verdict,
    verifyWithSigner: (message, call = {}) => run(message, call),
  };
}

type Prepared = TrustContext & { readonly identities: readonly Identity[]; readonly secrets: DecryptSecrets | undefined };

async function verifyGuarded(message: Uint8Array, prepared: Prepared): Promise<VerdictWithSigner> {
  try {
    return await verifyParsed(message, prepared);
  } catch (e) {
    // A bug must not turn into a crash or a green badge: report the message as unverifiable, with the cause.
    const verdict: Verdict = {
      status: "invalid",
      reasons: ["malformed"],
      signers: [],
      encryption: "none",
      integrity: "none",
      from: null,
      authResults: null,
      layers: [{ kind: "opaque-signed", depth: 0, coversShown: false, status: "invalid", reasons: ["malformed"], notes: [`${INTERNAL_ERROR}: ${(e as Error).message}`] }],
      recipients: [],
    };
    return { verdict, signer: null };
  }
}

/** Marks verdicts produced by the safety net above; robustness runs count them as failures. */
export const INTERNAL_ERROR = "internal error while checking this message";

async function verifyParsed(message: Uint8Array, prepared: Prepared): Promise<VerdictWithSigner> {
  const root = parseMessage(message);
  const dateHeader = getHeader(root, "date");
  const ctx: Context = {
    ...prepared,
    dateHeader: dateHeader ? parseMessageDate(dateHeader.rawValue) : null,
    layers: [],
    limitHit: false,
  };
  const tree = await walk(ctx, root, 0);
  const coverage = cover(tree);
  const from = fromOf(root);
  const authResults = authResultsOf(getHeaders(root, "authentication-results").map((h) => h.rawValue));

  const reasons = new Set<Reason>();
  let status: Status = "unsigned";
  let binding: { layer: number; signer: number } | null = null;

  if (coverage.kind === "full") {
    const breaks = coverage.layers.flatMap((i) => layerBreaks(ctx.layers[i]!));
    if (breaks.length > 0) {
      status = "invalid";
      for (const r of breaks) reasons.add(r);
    } else {
      // The binding layer: the outermost covering layer with a signer whose certificate names the From address.
      for (const i of coverage.layers) {
        const layer = ctx.layers[i]!;
        const s = layer.signers.findIndex((sg) => sg.check.certificate && bindingReasons(sg, from).length === 0);
        if (s >= 0) {
          binding = { layer: i, signer: s };
          break;
        }
      }
      if (binding) {
        const layer = ctx.layers[binding.layer]!;
        const signer = layer.signers[binding.signer]!;
        for (const r of signer.reasons) reasons.add(r);
        status = statusFromReasons(reasons);
        if (!innerFromMatches(layer, from)) {
          reasons.add("header-mismatch");
          status = worse(status, "mismatch");
        }
      } else {
        const outermost = ctx.layers[coverage.layers[0]!]!;
        for (const sg of outermost.signers) for (const r of bindingReasons(sg, from)) reasons.add(r);
        for (const sg of outermost.signers.slice(0, 1)) for (const r of sg.reasons) reasons.add(r);
        // Without any signer certificate there is no address to compare: the signer is unknown, not someone else.
        const anyCertificate = outermost.signers.some((sg) => sg.check.certificate);
        status = anyCertificate ? worse(statusFromReasons(reasons), "mismatch") : statusFromReasons(reasons);
      }
    }
  } else if (coverage.kind === "partial") {
    const breaks = coverage.partial.flatMap((i) => layerBreaks(ctx.layers[i]!));
    status = breaks.length > 0 ? "invalid" : "partial";
    for (const r of breaks) reasons.add(r);
    reasons.add("partially-signed");
  }
  if (coverage.outer.length > 0) reasons.add("outer-signature-ignored");
  if (ctx.limitHit) {
    reasons.add("limit-exceeded");
    status = "invalid";
  }
  if (status === "verified" || status === "untrusted" || status === "mismatch") reasons.add("revocation-unknown");

  const roleOf = (layer: number, signer: number): SignerRole => {
    if (coverage.outer.includes(layer)) return "outer";
    if (binding?.layer === layer && binding.signer === signer) return "binding";
    if (binding && (coverage.layers.includes(layer) || coverage.partial.includes(layer))) return "additional";
    return "unbound";
  };
  const signers: SignerReport[] = [];
  for (const [i, layer] of ctx.layers.entries()) {
    for (const [j, sg] of layer.signers.entries()) signers.push(await signerReport(ctx, i, sg, roleOf(i, j), from));
  }
  signers.sort((a, b) => (a.role === "binding" ? -1 : b.role === "binding" ? 1 : 0));

  const encryptedLayers = ctx.layers.filter((l) => l.decryption !== undefined);
  const states = encryptedLayers.map((l) => l.decryption!.state);
  const encryption = states.includes("failed") ? "failed" : states.includes("no-key") ? "no-key" : states.length > 0 ? "decrypted" : "none";
  const integrity = encryption === "decrypted" && encryptedLayers.every((l) => l.decryption!.integrity === "aead") ? "aead" : "none";
  const layers: LayerReport[] = ctx.layers.map((l, i) => {
    const layerReasons = sortReasons([...l.problems, ...l.signers.flatMap((s) => [...s.reasons])], ORDER);
    const isEncryption = l.kind === "enveloped" || l.kind === "auth-enveloped" || l.kind === "certs-only";
    return {
      kind: l.kind,
      depth: l.depth,
      coversShown: coverage.layers.includes(i),
      status: isEncryption ? "unsigned" : l.signers.length === 0 && l.problems.length === 0 ? "unsigned" : statusFromReasons(layerReasons),
      reasons: layerReasons,
      notes: [...l.notes, ...l.signers.flatMap((s) => [...s.check.notes, ...(s.path?.notes ?? [])])],
    };
  });

  const verdict: Verdict = {
    status,
    reasons: sortReasons(reasons, ORDER),
    signers,
    encryption,
    integrity,
    from: from.mailbox,
    authResults,
    layers,
    recipients: encryptedLayers.flatMap((l) => l.recipients),
  };
  return { verdict, signer: bindingMaterial(ctx, binding) };
}

function bindingMaterial(ctx: Context, binding: { layer: number; signer: number } | null): SignerMaterial | null {
  if (!binding) return null;
  const layer = ctx.layers[binding.layer]!;
  const check = layer.signers[binding.signer]!.check;
  return check.certificate ? signerMaterialOf(check.certificate, check.signerInfo, layer.certificates ?? []) : null;
}
