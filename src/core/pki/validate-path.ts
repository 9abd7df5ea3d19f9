import type { Reason } from "../verdict-types.js";
import { bytesEqual, viewOf } from "../cms/der.js";
import { WEAK_DIGESTS } from "../cms/oids.js";
import { describeSignatureAlgorithm, verifySignature, type SignatureCheck } from "../cms/verify-signature.js";
import { nameDer, type AnchorIndex } from "./anchor-index.js";
import { sameCertificate, type ParsedCertificate } from "./certificate.js";
import { sameName } from "./name-match.js";

/**
 * Certificates in one path, leaf and anchor included. Mail PKIs use two to four; a longer path is refused so that
 * a message full of cross-certificates cannot make chain building explode.
 */
export const MAX_PATH_LENGTH = 8;
/** Signature checks spent on building one path; past it building stops with `untrusted-root`. */
export const MAX_LINK_CHECKS = 64;

const EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
const ANY_EKU = "2.5.29.37.0";

export interface PathInput {
  readonly subtle: SubtleCrypto;
  readonly leaf: ParsedCertificate;
  /** Certificates that may serve as intermediates (from the message and supplied by the caller). */
  readonly intermediates: readonly ParsedCertificate[];
  readonly anchors: readonly ParsedCertificate[];
  /** A large anchor set looked up by name (the built-in roots), besides `anchors`. */
  readonly anchorIndex?: AnchorIndex;
  /** When the signature was made, from signingTime; null when the message does not say. */
  readonly signingTime: Date | null;
  readonly now: Date;
  /** Signature checks between certificates remembered from earlier paths (a verifier's); none when absent. */
  readonly linkCache?: LinkCache;
}

export interface PathResult {
  /** Leaf first; ends with the anchor when one was reached. */
  readonly chain: readonly ParsedCertificate[];
  readonly anchor: ParsedCertificate | null;
  readonly problems: readonly Reason[];
  readonly notes: readonly string[];
}

/** Anchors that could be `cert` itself (same subject) or could have issued it (subject = its issuer). */
function indexed(input: PathInput, name: "subject" | "issuer", cert: ParsedCertificate): readonly ParsedCertificate[] {
  return input.anchorIndex ? input.anchorIndex.bySubject(nameDer(cert.cert[name])) : [];
}

function isAnchor(cert: ParsedCertificate, input: PathInput): ParsedCertificate | null {
  for (const a of [...input.anchors, ...indexed(input, "subject", cert)]) {
    if (sameCertificate(a, cert)) return a;
    // An anchor is a name and a key (RFC 5280 §6.1.1): a re-issued copy of the same CA certificate matches it. The
    // key itself is compared: a key identifier is only a label, which anyone can copy into a certificate of their own.
    if (sameName(a.cert.subject, cert.cert.subject) && sameKey(a, cert)) return a;
  }
  return null;
}

function sameKey(a: ParsedCertificate, b: ParsedCertificate): boolean {
  const ka = a.cert.subjectPublicKeyInfo;
  const kb = b.cert.subjectPublicKeyInfo;
  return (
    ka.algorithm.algorithmId === kb.algorithm.algorithmId &&
    bytesEqual(viewOf(ka.algorithm.toSchema().toBER(false)), viewOf(kb.algorithm.toSchema().toBER(false))) &&
    bytesEqual(ka.subjectPublicKey.valueBlock.valueHexView, kb.subjectPublicKey.valueBlock.valueHexView)
  );
}

function mayIssue(issuer: ParsedCertificate, child: ParsedCertificate): boolean {
  if (!sameName(issuer.cert.subject, child.cert.issuer)) return false;
  if (child.authorityKeyId && issuer.subjectKeyId && child.authorityKeyId !== issuer.subjectKeyId) return false;
  return true;
}

/**
 * Whether one certificate's signature verifies under another's key, remembered across paths. The answer depends only
 * on the two encodings, so it is keyed by the parsed objects themselves: a verifier's certificate cache hands out
 * one object per encoding, and objects that are gone take their entries with them.
 */
export class LinkCache {
  readonly #byChild = new WeakMap<ParsedCertificate, WeakMap<ParsedCertificate, Promise<SignatureCheck>>>();

  get(child: ParsedCertificate, issuer: ParsedCertificate): Promise<SignatureCheck> | undefined {
    return this.#byChild.get(child)?.get(issuer);
  }

  set(child: ParsedCertificate, issuer: ParsedCertificate, check: Promise<SignatureCheck>): void {
    let byIssuer = this.#byChild.get(child);
    if (!byIssuer) {
      byIssuer = new WeakMap();
      this.#byChild.set(child, byIssuer);
    }
    byIssuer.set(issuer, check);
  }
}

class LinkChecker {
  readonly #subtle: SubtleCrypto;
  readonly #cache: LinkCache;
  #spent = 0;

  constructor(subtle: SubtleCrypto, shared: LinkCache | undefined) {
    this.#subtle = subtle;
    this.#cache = shared ?? new LinkCache();
  }

  get exhausted(): boolean {
    return this.#spent >= MAX_LINK_CHECKS;
  }

  /** Keyed by the objects, never by names or serials: two certificates alike in those can carry different keys. */
  check(child: ParsedCertificate, issuer: ParsedCertificate): Promise<SignatureCheck> {
    let result = this.#cache.get(child, issuer);
    if (!result) {
      this.#spent++;
      const algorithm = describeSignatureAlgorithm(child.cert.signatureAlgorithm, issuer.cert.subjectPublicKeyInfo, null);
      result = verifySignature(this.#subtle, algorithm, issuer.cert.subjectPublicKeyInfo, child.cert.tbsView, child.cert.signatureValue.valueBlock.valueHexView);
      this.#cache.set(child, issuer, result);
    }
    return result;
  }
}

interface Search {
  best: ParsedCertificate[] | null;
  brokenLink: boolean;
  unsupportedLink: boolean;
}

async function extend(
  path: ParsedCertificate[],
  input: PathInput,
  links: LinkChecker,
  search: Search,
): Promise<ParsedCertificate[] | null> {
  const current = path[path.length - 1]!;
  const anchor = isAnchor(current, input);
  if (anchor) return [...path.slice(0, -1), anchor];
  if (path.length >= MAX_PATH_LENGTH || links.exhausted) return null;
  // Anchors first: the shortest trusted path is the one people expect to see.
  const candidates = [...input.anchors, ...indexed(input, "issuer", current), ...input.intermediates].filter(
    (c) => mayIssue(c, current) && !path.some((p) => sameCertificate(p, c)),
  );
  for (const issuer of candidates) {
    if (issuer === current || sameCertificate(issuer, current)) continue;
    const check = await links.check(current, issuer);
    if (!check.ok) {
      if (check.reason === "unsupported-algorithm") search.unsupportedLink = true;
      else search.brokenLink = true;
      continue;
    }
    const next = [...path, issuer];
    if (!search.best || next.length > search.best.length) search.best = next;
    const found = await extend(next, input, links, search);
    if (found) return found;
  }
  return null;
}

function checkValidity(chain: readonly ParsedCertificate[], input: PathInput, problems: Set<Reason>, notes: string[]): void {
  const at = input.signingTime ?? input.now;
  let expiredSince = false;
  for (const c of chain) {
    if (at < c.notBefore) {
      problems.add("not-yet-valid");
      notes.push(`"${c.subject}" was not yet valid at ${at.toISOString()} (valid from ${c.notBefore.toISOString()})`);
    } else if (at > c.notAfter) {
      problems.add("expired");
      notes.push(`"${c.subject}" had expired at ${at.toISOString()} (valid until ${c.notAfter.toISOString()})`);
    } else if (input.now > c.notAfter) {
      expiredSince = true;
    }
  }
  if (expiredSince && !problems.has("expired") && !problems.has("not-yet-valid")) {
    problems.add("expired-since-signing");
    notes.push("a certificate was valid when the message was signed and has expired since");
  }
}

function checkLeafUsage(leaf: ParsedCertificate, problems: Set<Reason>, notes: string[]): void {
  if (leaf.keyUsage && !leaf.keyUsage.has("digitalSignature") && !leaf.keyUsage.has("nonRepudiation")) {
    problems.add("wrong-key-usage");
    notes.push("the signer's certificate does not allow digital signatures (keyUsage)");
  }
  if (leaf.extKeyUsage && !leaf.extKeyUsage.includes(EMAIL_PROTECTION) && !leaf.extKeyUsage.includes(ANY_EKU)) {
    problems.add("wrong-key-usage");
    notes.push("the signer's certificate is not for e-mail protection (extendedKeyUsage)");
  }
}

function checkIssuers(chain: readonly ParsedCertificate[], problems: Set<Reason>, notes: string[]): void {
  for (let i = 1; i < chain.length; i++) {
    const ca = chain[i]!;
    const isTop = i === chain.length - 1;
    const v1Anchor = isTop && ca.cert.version < 2 && !ca.cert.extensions;
    if (ca.basicConstraintsCA !== true && !v1Anchor) {
      problems.add("ca-not-allowed");
      notes.push(`"${ca.subject}" issued a certificate but is not a CA (basicConstraints)`);
    }
    if (ca.keyUsage && !ca.keyUsage.has("keyCertSign")) {
      problems.add("ca-not-allowed");
      notes.push(`"${ca.subject}" may not sign certificates (keyUsage)`);
    }
    if (ca.pathLenConstraint !== null) {
      // Non-self-issued intermediates between this CA and the leaf (RFC 5280 §6.1.4 (l), (m)).
      const below = chain.slice(1, i).filter((c) => !c.isSelfIssued).length;
      if (below > ca.pathLenConstraint) {
        problems.add("ca-not-allowed");
        notes.push(`"${ca.subject}" allows ${ca.pathLenConstraint} intermediate CAs below it, the path has ${below}`);
      }
    }
    if (!isTop && ca.extKeyUsage && !ca.extKeyUsage.includes(EMAIL_PROTECTION) && !ca.extKeyUsage.includes(ANY_EKU)) {
      problems.add("wrong-key-usage");
      notes.push(`the intermediate "${ca.subject}" is not allowed to issue e-mail certificates (extendedKeyUsage)`);
    }
  }
  for (const c of chain) {
    if (c.unknownCritical.length > 0) {
      problems.add("unsupported-critical-extension");
      notes.push(`"${c.subject}" has critical extensions this engine does not understand: ${c.unknownCritical.join(", ")}`);
    }
  }
}

function checkWeakLinks(chain: readonly ParsedCertificate[], problems: Set<Reason>, notes: string[]): void {
  // The anchor's own self-signature is not part of the path, so its algorithm does not matter.
  for (let i = 0; i < chain.length - 1; i++) {
    const c = chain[i]!;
    const alg = describeSignatureAlgorithm(c.cert.signatureAlgorithm, chain[i + 1]!.cert.subjectPublicKeyInfo, null);
    if (alg.digest && WEAK_DIGESTS.has(alg.digest)) {
      problems.add("weak-algorithm");
      notes.push(`"${c.subject}" is signed with ${alg.label}`);
    }
  }
}

/** Builds a path from the leaf to a trust anchor and validates it (the RFC 5280 checks that matter for mail). */
export async function validatePath(input: PathInput): Promise<PathResult> {
  const problems = new Set<Reason>();
  const notes: string[] = [];
  const links = new LinkChecker(input.subtle, input.linkCache);
  const search: Search = { best: null, brokenLink: false, unsupportedLink: false };
  const found = await extend([input.leaf], input, links, search);

  let chain: ParsedCertificate[];
  let anchor: ParsedCertificate | null = null;
  if (found) {
    chain = found;
    anchor = found[found.length - 1]!;
  } else {
    chain = search.best ?? [input.leaf];
    const top = chain[chain.length - 1]!;
    if (chain.length === 1 && top.isSelfIssued) {
      const self = await links.check(top, top);
      if (self.ok) {
        problems.add("self-signed");
        notes.push("the signer's certificate is self-signed: anyone can make one with any name");
      } else {
        problems.add("untrusted-root");
      }
    } else if (!search.unsupportedLink) {
      problems.add("untrusted-root");
      notes.push(`no path to a trusted root was found; the last certificate found is "${top.subject}", issued by "${top.issuer}"`);
    }
    if (search.brokenLink) {
      problems.add("bad-chain-signature");
      notes.push("a certificate in the message names an issuer whose signature on it does not verify");
    }
    if (search.unsupportedLink) {
      problems.add("unsupported-algorithm");
      notes.push("a certificate is signed with an algorithm this engine cannot check");
    }
  }

  checkValidity(chain, input, problems, notes);
  checkLeafUsage(input.leaf, problems, notes);
  checkIssuers(chain, problems, notes);
  checkWeakLinks(chain, problems, notes);
  return { chain, anchor, problems: [...problems], notes };
}
