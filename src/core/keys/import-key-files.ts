/**
 * Identity import from separate files: a private key (PEM or DER; PKCS #8, encrypted PKCS #8 with PBES2 or the
 * PKCS #12 PBE schemes, or the traditional OpenSSL RSA and EC forms) and certificates (PEM or DER, single or
 * bundled, or a PKCS #7 certificate bag). Every file is searched for both keys and certificates, so a combined
 * "key + certificate" PEM works, and so does a swapped pair. The result and its errors are those of importPkcs12.
 */
import type * as asn1js from "asn1js";
import { encodedBytesOf, parseDer } from "../cms/der.js";
import { OID } from "../cms/oids.js";
import { decodePem, looksLikePem } from "../pki/pem.js";
import { assembleIdentities, type FoundCertificate, type FoundKey } from "./assemble-identities.js";
import { algorithmOf, childrenOf, explicitOf, hasContextTag, octetsOf, oidOf, sequenceOf, smallIntegerOf } from "./asn1-read.js";
import type { IdentityImport } from "./identity.js";
import { identityFailure as fail, neverThrow, type IdentityFailure } from "./identity-failure.js";
import { importPkcs12 } from "./import-pkcs12.js";
import { newKdfBudget, type KdfBudget } from "./kdf-budget.js";
import { decryptWithPassword, readPbeScheme } from "./password-based-encryption.js";
import { passwordForms, type PasswordForms } from "./password-forms.js";
import { ecPrivateKeyToPkcs8, parsePrivateKeyInfo, rsaPrivateKeyToPkcs8, type TraditionalConversion } from "./private-key-info.js";

export { privateKeyKind } from "./private-key-info.js";
export { publicKeyMatches } from "./public-key-match.js";

/** Largest key or certificate file read. A key is a few kilobytes and a certificate bundle (even a whole CA
 * store) stays well below this; a larger file is reported "corrupt" without being parsed. */
export const MAX_KEY_FILE_BYTES = 4 * 1024 * 1024;

interface Context {
  readonly password: string | null;
  readonly forms: PasswordForms;
  readonly subtle: SubtleCrypto;
  readonly budget: KdfBudget;
  readonly keys: FoundKey[];
  readonly certificates: FoundCertificate[];
}

export async function importKeyAndCertificates(
  keyFile: Uint8Array,
  certFiles: Uint8Array[],
  password: string | null,
  subtle: SubtleCrypto,
): Promise<IdentityImport> {
  return neverThrow("key or certificate file", async () => {
    if (!looksLikePem(keyFile) && isPkcs12(keyFile)) return importPkcs12(keyFile, password ?? "", subtle);
    const context: Context = { password, forms: passwordForms(password ?? ""), subtle, budget: newKdfBudget(), keys: [], certificates: [] };
    const files = [{ bytes: keyFile, name: "key file" }, ...certFiles.map((bytes, i) => ({ bytes, name: `certificate file ${i + 1}` }))];
    for (const { bytes, name } of files) {
      const problem = await readFile(bytes, name, context);
      if (problem) return problem;
    }
    return assembleIdentities(context.keys, context.certificates, subtle);
  });
}

/** PFX ::= SEQUENCE { version 3, authSafe ContentInfo, ... }: someone chose a .p12 as the key file. */
function isPkcs12(bytes: Uint8Array): boolean {
  if (bytes.byteLength > MAX_KEY_FILE_BYTES) return false;
  const parsed = parseDer(bytes);
  const parts = parsed.ok ? sequenceOf(parsed.node) : null;
  return !!parts && parts.length >= 2 && smallIntegerOf(parts[0]) === 3 && oidOf(sequenceOf(parts[1])?.[0]) !== null;
}

/** Legacy PEM encryption (RFC 1421 headers) of the traditional forms; modern tools write ENCRYPTED PRIVATE KEY. */
const LEGACY_ENCRYPTED_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----\s*Proc-Type:\s*4,\s*ENCRYPTED/;

/** Takes the keys and certificates of one file into the context; returns the failure, or null. */
async function readFile(bytes: Uint8Array, name: string, context: Context): Promise<IdentityFailure | null> {
  if (bytes.byteLength > MAX_KEY_FILE_BYTES) return fail("corrupt", `${name} is larger than ${MAX_KEY_FILE_BYTES} bytes`);
  if (!looksLikePem(bytes)) return readDer(bytes, name, context);
  const text = new TextDecoder("latin1").decode(bytes);
  if (LEGACY_ENCRYPTED_PEM.test(text)) {
    return fail("unsupported", `${name} uses legacy PEM encryption; convert it with "openssl pkcs8 -topk8" first`);
  }
  const blocks = decodePem(text);
  if (blocks.length === 0) return fail("corrupt", `${name} has no readable PEM block`);
  for (const block of blocks) {
    let problem: IdentityFailure | null = null;
    switch (block.label) {
      case "PRIVATE KEY":
        problem = addPkcs8(block.der, name, context);
        break;
      case "ENCRYPTED PRIVATE KEY":
        problem = await addEncryptedPkcs8(block.der, name, context);
        break;
      case "RSA PRIVATE KEY":
        problem = addTraditional(rsaPrivateKeyToPkcs8(block.der), name, context);
        break;
      case "EC PRIVATE KEY":
        problem = addTraditional(ecPrivateKeyToPkcs8(block.der), name, context);
        break;
      case "DSA PRIVATE KEY":
      case "OPENSSH PRIVATE KEY":
        return fail("unsupported", `${name} holds a ${block.label.replace(" PRIVATE KEY", "")} private key, which S/MIME here cannot use`);
      case "CERTIFICATE":
      case "X509 CERTIFICATE":
      case "TRUSTED CERTIFICATE":
        context.certificates.push({ der: block.der, localKeyId: null, friendlyName: null });
        break;
      case "PKCS7":
      case "CMS": {
        const parsed = parseDer(block.der);
        const certs = parsed.ok ? certificatesOfSignedData(parsed.node) : null;
        if (!certs) return fail("corrupt", `${name} has a ${block.label} block that is not a certificate bag`);
        for (const der of certs) context.certificates.push({ der, localKeyId: null, friendlyName: null });
        break;
      }
      default:
        // EC PARAMETERS, CERTIFICATE REQUEST, X509 CRL, PUBLIC KEY...: not part of an identity.
        break;
    }
    if (problem) return problem;
  }
  return null;
}

function addPkcs8(der: Uint8Array, name: string, context: Context): IdentityFailure | null {
  if (!parsePrivateKeyInfo(der)) return fail("corrupt", `${name} holds a PKCS #8 key that cannot be read`);
  context.keys.push({ pkcs8: der, localKeyId: null, friendlyName: null });
  return null;
}

function addTraditional(converted: TraditionalConversion, name: string, context: Context): IdentityFailure | null {
  if (!converted.ok) return fail(converted.error, `${name}: ${converted.detail}`);
  return addPkcs8(converted.pkcs8, name, context);
}

/** EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING } */
function readEncryptedPrivateKeyInfo(node: asn1js.BaseBlock): { algorithm: NonNullable<ReturnType<typeof algorithmOf>>; ciphertext: Uint8Array } | null {
  const parts = sequenceOf(node);
  const algorithm = algorithmOf(parts?.[0]);
  const ciphertext = octetsOf(parts?.[1]);
  return parts?.length === 2 && algorithm && ciphertext ? { algorithm, ciphertext } : null;
}

async function addEncryptedPkcs8(der: Uint8Array, name: string, context: Context): Promise<IdentityFailure | null> {
  const parsed = parseDer(der);
  const epki = parsed.ok && parsed.trailing === 0 ? readEncryptedPrivateKeyInfo(parsed.node) : null;
  if (!epki) return fail("corrupt", `${name} holds an encrypted key that cannot be read`);
  const scheme = readPbeScheme(epki.algorithm);
  if (!scheme.ok) return fail(scheme.error, `${name}: ${scheme.detail}`);
  const accept = (plain: Uint8Array): Uint8Array | null => (parsePrivateKeyInfo(plain) ? plain : null);
  const outcome = await decryptWithPassword(scheme.scheme, epki.ciphertext, context.forms, undefined, accept, context.subtle, context.budget);
  if (outcome.ok) {
    context.keys.push({ pkcs8: outcome.value, localKeyId: null, friendlyName: null });
    return null;
  }
  switch (outcome.reason) {
    case "wrong-password":
      return fail("wrong-password", context.password === null ? `${name} holds an encrypted key: a password is needed` : `${name}: wrong password for the encrypted key`);
    case "too-much-work":
      return fail("unsupported", `${name}: ${outcome.detail}`);
    case "corrupt":
      return fail("corrupt", `${name}: ${outcome.detail}`);
  }
}

/** The certificates of a PKCS #7 / CMS SignedData ("certs-only" .p7b / .p7c), or null when it is not one. */
function certificatesOfSignedData(node: asn1js.BaseBlock): Uint8Array[] | null {
  const contentInfo = sequenceOf(node);
  if (!contentInfo || oidOf(contentInfo[0]) !== OID.signedData) return null;
  const signedData = sequenceOf(explicitOf(contentInfo[1], 0));
  if (!signedData) return null;
  // SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo, certificates [0] IMPLICIT OPTIONAL, ... }
  const certs = signedData.slice(3).find((part) => hasContextTag(part, 0));
  if (!certs) return [];
  // CertificateChoices: only the plain certificate (a SEQUENCE); attribute and other certificates are skipped.
  return (childrenOf(certs) ?? []).filter((c) => sequenceOf(c) !== null).map((c) => encodedBytesOf(c));
}

type DerKind = "pkcs8" | "encrypted-pkcs8" | "rsa" | "ec" | "certificate" | "pkcs7";

/** What a DER file is, by its shape. */
function classifyDer(node: asn1js.BaseBlock): DerKind | null {
  const parts = sequenceOf(node);
  if (!parts || parts.length < 2) return null;
  const first = smallIntegerOf(parts[0]);
  if ((first === 0 || first === 1) && algorithmOf(parts[1]) && octetsOf(parts[2])) return "pkcs8";
  if (first === 0 && parts.length >= 9 && parts.slice(1, 9).every((p) => p.idBlock.tagClass === 1 && p.idBlock.tagNumber === 2)) return "rsa";
  if (first === 1 && octetsOf(parts[1])) return "ec";
  if (parts.length === 2 && algorithmOf(parts[0]) && octetsOf(parts[1])) return "encrypted-pkcs8";
  if (parts.length === 3 && sequenceOf(parts[0]) && algorithmOf(parts[1])) return "certificate";
  if (oidOf(parts[0]) === OID.signedData) return "pkcs7";
  return null;
}

async function readDer(bytes: Uint8Array, name: string, context: Context): Promise<IdentityFailure | null> {
  const parsed = parseDer(bytes);
  const kind = parsed.ok ? classifyDer(parsed.node) : null;
  if (!parsed.ok || !kind) return fail("corrupt", `${name} is not a private key or certificate`);
  const exact = bytes.subarray(0, bytes.byteLength - parsed.trailing);
  switch (kind) {
    case "pkcs8":
      return addPkcs8(exact, name, context);
    case "encrypted-pkcs8":
      return addEncryptedPkcs8(exact, name, context);
    case "rsa":
      return addTraditional(rsaPrivateKeyToPkcs8(exact), name, context);
    case "ec":
      return addTraditional(ecPrivateKeyToPkcs8(exact), name, context);
    case "certificate":
      context.certificates.push({ der: exact, localKeyId: null, friendlyName: null });
      return null;
    case "pkcs7":
      for (const der of certificatesOfSignedData(parsed.node) ?? []) context.certificates.push({ der, localKeyId: null, friendlyName: null });
      return null;
  }
}
