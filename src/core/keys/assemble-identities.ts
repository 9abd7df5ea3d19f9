/**
 * Turns the private keys and certificates found in identity files into identities: each key is matched to the
 * certificate that holds its public key (the end-entity certificate), and the other certificates are ordered as that
 * certificate's chain, the leaf's issuer first. Shared by the PKCS #12 and the key-plus-certificates importers, so
 * both give the same errors for the same situations.
 */
import { bytesEqual } from "../cms/der.js";
import { parseCertificate, type ParsedCertificate } from "../pki/certificate.js";
import { sameName } from "../pki/name-match.js";
import type { Identity, IdentityImport } from "./identity.js";
import { identityFailure as fail, type IdentityFailure } from "./identity-failure.js";
import { canonicalPkcs8, keyAlgorithmName, parsePrivateKeyInfo, type PrivateKeyInfo, type PublicKeyParts } from "./private-key-info.js";
import { checkKeyConsistency } from "./key-consistency.js";
import { certificatePublicKey, certificateSpki, derivePublicKey, samePublicKey } from "./public-key-match.js";

export interface FoundKey {
  /** Unencrypted PKCS #8 PrivateKeyInfo. */
  readonly pkcs8: Uint8Array;
  /** PKCS #12 localKeyId attribute, which names the certificate the key belongs to. */
  readonly localKeyId: Uint8Array | null;
  readonly friendlyName: string | null;
}

export interface FoundCertificate {
  readonly der: Uint8Array;
  readonly localKeyId: Uint8Array | null;
  readonly friendlyName: string | null;
}


interface Candidate {
  readonly found: FoundCertificate;
  readonly parsed: ParsedCertificate;
  readonly publicKey: PublicKeyParts | null;
}

/** Whether `ca` could have issued `child`: names chain, and the key identifiers agree when both are present. */
function couldIssue(ca: Candidate, child: Candidate): boolean {
  if (!sameName(ca.parsed.cert.subject, child.parsed.cert.issuer)) return false;
  const aki = child.parsed.authorityKeyId;
  const ski = ca.parsed.subjectKeyId;
  return aki === null || ski === null || aki === ski;
}

/** The leaf's issuer first, then its issuer, up to a self-issued certificate; then the other CA certificates. */
function chainOf(leaf: Candidate, pool: readonly Candidate[], leaves: ReadonlySet<Candidate>): Uint8Array[] {
  const used = new Set<Candidate>([leaf]);
  const chain: Uint8Array[] = [];
  let current = leaf;
  while (!current.parsed.isSelfIssued) {
    const child = current;
    // Prefer an issuer whose key identifier the child names, then a CA, then a root (a self-signed CA over a
    // cross-certificate of the same CA, which would lead into another hierarchy).
    const score = (c: Candidate): number =>
      (c.parsed.subjectKeyId !== null && c.parsed.subjectKeyId === child.parsed.authorityKeyId ? 4 : 0) +
      (c.parsed.basicConstraintsCA === true ? 2 : 0) +
      (c.parsed.isSelfIssued ? 1 : 0);
    const next = pool
      .filter((c) => !used.has(c) && couldIssue(c, child))
      .reduce<Candidate | null>((best, c) => (best === null || score(c) > score(best) ? c : best), null);
    if (!next) break;
    chain.push(next.parsed.der);
    used.add(next);
    current = next;
  }
  // CA certificates off this path (cross-certificates, other roots) came with the identity and may help a path builder.
  const extras = pool.filter((c) => !used.has(c) && !leaves.has(c) && c.parsed.basicConstraintsCA === true);
  return [...chain, ...extras.map((c) => c.parsed.der)];
}

/** Among certificates with the key's public key: the one localKeyId names, else an end-entity one, else the newest. */
function pickLeaf(key: FoundKey, matching: readonly Candidate[]): Candidate {
  const byId = key.localKeyId ? matching.find((c) => c.found.localKeyId && bytesEqual(c.found.localKeyId, key.localKeyId!)) : undefined;
  if (byId) return byId;
  const endEntity = matching.filter((c) => c.parsed.basicConstraintsCA !== true);
  const pool = endEntity.length > 0 ? endEntity : matching;
  return pool.reduce((best, c) => (c.parsed.notBefore.getTime() > best.parsed.notBefore.getTime() ? c : best));
}

export async function assembleIdentities(keys: readonly FoundKey[], certificates: readonly FoundCertificate[], subtle: SubtleCrypto): Promise<IdentityImport> {
  if (keys.length === 0) return fail("no-private-key", "the file holds no private key");

  const candidates: Candidate[] = [];
  for (const found of certificates) {
    if (candidates.some((c) => bytesEqual(c.found.der, found.der))) continue;
    const parsed = parseCertificate(found.der);
    if (parsed.ok) candidates.push({ found, parsed: parsed.value, publicKey: certificatePublicKey(parsed.value.der) });
  }
  if (certificates.length === 0) return fail("no-certificate", "the file holds a private key but no certificate");
  if (candidates.length === 0) return fail("corrupt", "none of the certificates could be read");

  const infos: { key: FoundKey; info: PrivateKeyInfo }[] = [];
  for (const key of keys) {
    const info = parsePrivateKeyInfo(key.pkcs8);
    if (!info) return fail("corrupt", "a private key is not a valid PKCS #8 structure");
    infos.push({ key, info });
  }
  const usable = infos.filter((k) => k.info.kind !== null);
  if (usable.length === 0) {
    const names = [...new Set(infos.map((k) => keyAlgorithmName(k.info.algorithm.oid)))].join(", ");
    return fail("unsupported", `private key algorithm not supported: ${names}`);
  }

  const matched: { key: FoundKey; info: PrivateKeyInfo; leaf: Candidate; pkcs8: Uint8Array }[] = [];
  const problems: IdentityFailure[] = [];
  for (const { key, info } of usable) {
    const own = await derivePublicKey(info, subtle);
    if (!own) {
      problems.push(fail("unsupported", `this platform cannot use ${info.kind} keys`));
      continue;
    }
    const matching = candidates.filter((c) => c.publicKey !== null && samePublicKey(own, c.publicKey));
    if (matching.length === 0) {
      problems.push(fail("key-mismatch", "the private key belongs to none of the certificates"));
      continue;
    }
    const leaf = pickLeaf(key, matching);
    const spki = certificateSpki(leaf.parsed.der);
    const pkcs8 = canonicalPkcs8(info);
    const consistency = spki ? await checkKeyConsistency(pkcs8, info.kind!, spki, subtle) : "unloadable";
    if (consistency !== "consistent") {
      problems.push(
        consistency === "unsupported"
          ? fail("unsupported", `this platform cannot use ${info.kind} keys`)
          : consistency === "unloadable"
            ? fail("corrupt", "the private key could not be loaded")
            : fail("corrupt", "the private key is damaged: its signatures do not verify with its certificate"),
      );
      continue;
    }
    if (!matched.some((m) => m.leaf === leaf && bytesEqual(m.pkcs8, pkcs8))) matched.push({ key, info, leaf, pkcs8 });
  }

  if (matched.length === 0) {
    // Report the most telling problem: a mismatch is what the user can fix by choosing other files.
    return problems.find((p) => p.error === "key-mismatch") ?? problems[0] ?? fail("key-mismatch", "no key matches a certificate");
  }
  const leaves = new Set(matched.map((m) => m.leaf));
  const identities: Identity[] = matched.map(({ key, info, leaf, pkcs8 }) => ({
    certificate: leaf.parsed.der,
    chain: chainOf(leaf, candidates, leaves),
    privateKey: pkcs8,
    keyKind: info.kind!,
    friendlyName: key.friendlyName ?? leaf.found.friendlyName ?? null,
  }));
  return { ok: true, identities };
}
