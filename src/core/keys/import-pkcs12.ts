/**
 * Reads a PKCS #12 file (.p12 / .pfx, RFC 7292) in password privacy and integrity modes: the MAC is checked first
 * (it is the wrong-password signal), then the AuthenticatedSafe is opened bag by bag. Every outcome is a value:
 * wrong password, damaged file, missing key or certificate, key that fits no certificate, algorithm we lack.
 */
import type * as asn1js from "asn1js";
import { encodedBytesOf, parseDer } from "../cms/der.js";
import { OID } from "../cms/oids.js";
import { looksLikePem } from "../pki/pem.js";
import { assembleIdentities, type FoundCertificate, type FoundKey } from "./assemble-identities.js";
import {
  algorithmOf,
  bmpStringOf,
  explicitOf,
  implicitOctetsOf,
  octetsOf,
  oidOf,
  sequenceOf,
  setOf,
  smallIntegerOf,
} from "./asn1-read.js";
import type { IdentityImport } from "./identity.js";
import { identityFailure as fail, isIdentityFailure, neverThrow, type IdentityFailure } from "./identity-failure.js";
import { newKdfBudget, type KdfBudget } from "./kdf-budget.js";
import { KEY_OID } from "./key-oids.js";
import { decryptWithPassword, readPbeScheme, type DecryptOutcome } from "./password-based-encryption.js";
import { passwordForms, type PasswordForms } from "./password-forms.js";
import { readMacData, verifyMac } from "./pkcs12-mac.js";
import { parsePrivateKeyInfo } from "./private-key-info.js";

/** Largest file read. Real identity files are a few kilobytes (a key and a chain of three or four certificates);
 * anything past this is not one, and is reported "corrupt" without being parsed. */
export const MAX_PKCS12_BYTES = 1024 * 1024;
/** Safe bags read from one file, all SafeContents together. Real files have a handful; more is reported "corrupt". */
export const MAX_SAFE_BAGS = 500;
/** Nesting of safeContentsBag inside safeContentsBag. Nobody nests; a deeper file is reported "corrupt". */
export const MAX_BAG_NESTING = 4;

interface ReadState {
  readonly forms: PasswordForms;
  readonly subtle: SubtleCrypto;
  readonly budget: KdfBudget;
  /** The BMPString password form the MAC accepted; undefined when the file has no MAC. */
  readonly macForm: string | null | undefined;
  readonly keys: FoundKey[];
  readonly certificates: FoundCertificate[];
  bags: number;
}

export async function importPkcs12(file: Uint8Array, password: string, subtle: SubtleCrypto): Promise<IdentityImport> {
  return neverThrow("PKCS #12 file", () => readPkcs12(file, password, subtle));
}

async function readPkcs12(file: Uint8Array, password: string, subtle: SubtleCrypto): Promise<IdentityImport> {
  if (file.byteLength > MAX_PKCS12_BYTES) return fail("corrupt", `larger than ${MAX_PKCS12_BYTES} bytes: not an identity file`);
  if (looksLikePem(file)) return fail("corrupt", "a PEM text file, not a PKCS #12 file (import it as key and certificate files)");
  const parsed = parseDer(file);
  if (!parsed.ok) return fail("corrupt", "not a PKCS #12 file (not valid DER)");

  // PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
  const pfx = sequenceOf(parsed.node);
  if (!pfx || pfx.length < 2 || pfx.length > 3) return fail("corrupt", "not a PKCS #12 file");
  const version = smallIntegerOf(pfx[0]);
  if (version === null) return fail("corrupt", "not a PKCS #12 file");
  if (version !== 3) return fail("unsupported", `PKCS #12 version ${version} (only version 3 exists since 1999)`);

  const authSafe = readContentInfo(pfx[1]!);
  if (isIdentityFailure(authSafe)) return authSafe;
  if (authSafe.type === OID.signedData) return fail("unsupported", "public-key integrity mode (a signed PKCS #12 file)");
  if (authSafe.type !== OID.data) return fail("corrupt", "the PKCS #12 contents are not data");
  const authSafeBytes = octetsOf(authSafe.content);
  if (!authSafeBytes) return fail("corrupt", "bad PKCS #12 contents");

  const forms = passwordForms(password);
  const budget = newKdfBudget();
  let macForm: string | null | undefined;
  if (pfx[2]) {
    const mac = readMacData(pfx[2]);
    if (!mac.ok) return fail(mac.error, mac.detail);
    const check = await verifyMac(mac.mac, authSafeBytes, forms, subtle, budget);
    if (!check.ok) {
      return check.reason === "mismatch"
        ? fail("wrong-password", "the integrity check (MAC) failed: wrong password")
        : fail("unsupported", `MAC with ${mac.mac.iterations} iterations exceeds the key-derivation limit`);
    }
    macForm = check.bmp;
  }

  const state: ReadState = { forms, subtle, budget, macForm, keys: [], certificates: [], bags: 0 };
  // AuthenticatedSafe ::= SEQUENCE OF ContentInfo
  const safes = sequenceOf(parseExactly(authSafeBytes));
  if (!safes) return fail("corrupt", "bad PKCS #12 contents");
  for (const safe of safes) {
    const problem = await readSafe(safe, state);
    if (problem) return problem;
  }
  return assembleIdentities(state.keys, state.certificates, subtle);
}

/** The one ASN.1 value the bytes hold, or null when they hold something else or more. */
function parseExactly(bytes: Uint8Array): asn1js.BaseBlock | null {
  const parsed = parseDer(bytes);
  return parsed.ok && parsed.trailing === 0 ? parsed.node : null;
}

/** ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY } */
function readContentInfo(node: asn1js.BaseBlock): { type: string; content: asn1js.BaseBlock | null } | IdentityFailure {
  const parts = sequenceOf(node);
  const type = oidOf(parts?.[0]);
  if (!parts || !type || parts.length > 2) return fail("corrupt", "bad ContentInfo in PKCS #12 file");
  const content = parts[1] ? explicitOf(parts[1], 0) : null;
  if (parts[1] && !content) return fail("corrupt", "bad ContentInfo in PKCS #12 file");
  return { type, content };
}

function decryptFailure(outcome: Extract<DecryptOutcome<unknown>, { ok: false }>, state: ReadState, what: string): IdentityFailure {
  switch (outcome.reason) {
    case "wrong-password":
      return fail(
        "wrong-password",
        state.macForm === undefined
          ? `the ${what} did not decrypt: wrong password (the file has no MAC)`
          : `the file's integrity check passed, but the ${what} is protected by another password`,
      );
    case "too-much-work":
      return fail("unsupported", outcome.detail);
    case "corrupt":
      return fail("corrupt", outcome.detail);
  }
}

/** Accepts plaintext that is exactly one SEQUENCE (SafeContents). */
function asSafeContents(plaintext: Uint8Array): asn1js.BaseBlock | null {
  const parsed = parseDer(plaintext);
  return parsed.ok && parsed.trailing === 0 && sequenceOf(parsed.node) ? parsed.node : null;
}

/** Reads one ContentInfo of the AuthenticatedSafe; returns the failure, or null when its bags were taken. */
async function readSafe(node: asn1js.BaseBlock, state: ReadState): Promise<IdentityFailure | null> {
  const contentInfo = readContentInfo(node);
  if (isIdentityFailure(contentInfo)) return contentInfo;
  const { type, content } = contentInfo;
  if (type === OID.data) {
    const bytes = octetsOf(content);
    const safeContents = bytes ? parseExactly(bytes) : null;
    if (!safeContents) return fail("corrupt", "bad SafeContents");
    return readBags(safeContents, state, 0);
  }
  if (type === OID.encryptedData) {
    // EncryptedData ::= SEQUENCE { version, EncryptedContentInfo ::= SEQUENCE { contentType,
    //   contentEncryptionAlgorithm, encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL }, unprotectedAttrs [1] }
    const encryptedData = sequenceOf(content);
    const info = sequenceOf(encryptedData?.[1]);
    const algorithm = algorithmOf(info?.[1]);
    const ciphertext = implicitOctetsOf(info?.[2], 0);
    if (!encryptedData || smallIntegerOf(encryptedData[0]) === null || !info || !algorithm || !ciphertext) {
      return fail("corrupt", "bad encrypted SafeContents");
    }
    const scheme = readPbeScheme(algorithm);
    if (!scheme.ok) return fail(scheme.error, scheme.detail);
    const outcome = await decryptWithPassword(scheme.scheme, ciphertext, state.forms, state.macForm, asSafeContents, state.subtle, state.budget);
    if (!outcome.ok) return decryptFailure(outcome, state, "certificate section");
    return readBags(outcome.value, state, 0);
  }
  if (type === OID.envelopedData) return fail("unsupported", "public-key privacy mode (contents encrypted to a certificate)");
  return fail("corrupt", `unknown PKCS #12 content type ${type}`);
}

interface BagAttributes {
  friendlyName: string | null;
  localKeyId: Uint8Array | null;
}

/** PKCS12Attribute ::= SEQUENCE { attrId OBJECT IDENTIFIER, attrValues SET OF ANY }; unknown ones are skipped. */
function readAttributes(node: asn1js.BaseBlock | undefined): BagAttributes | IdentityFailure {
  const out: BagAttributes = { friendlyName: null, localKeyId: null };
  if (!node) return out;
  const attributes = setOf(node);
  if (!attributes) return fail("corrupt", "bad bag attributes");
  for (const attribute of attributes) {
    const parts = sequenceOf(attribute);
    const id = oidOf(parts?.[0]);
    const values = setOf(parts?.[1]);
    if (!parts || !id || !values) return fail("corrupt", "bad bag attribute");
    if (id === KEY_OID.friendlyName && values[0]) out.friendlyName = bmpStringOf(values[0]);
    if (id === KEY_OID.localKeyId && values[0]) out.localKeyId = octetsOf(values[0]);
  }
  return out;
}

/** Accepts plaintext that is exactly one valid PrivateKeyInfo. */
function asPrivateKeyInfo(plaintext: Uint8Array): Uint8Array | null {
  return parsePrivateKeyInfo(plaintext) ? plaintext : null;
}

/** SafeContents ::= SEQUENCE OF SafeBag; SafeBag ::= SEQUENCE { bagId, bagValue [0] EXPLICIT, bagAttributes SET OPTIONAL } */
async function readBags(node: asn1js.BaseBlock, state: ReadState, depth: number): Promise<IdentityFailure | null> {
  if (depth > MAX_BAG_NESTING) return fail("corrupt", "safe bags nested too deeply");
  const bags = sequenceOf(node);
  if (!bags) return fail("corrupt", "bad SafeContents");
  for (const bag of bags) {
    if (++state.bags > MAX_SAFE_BAGS) return fail("corrupt", `more than ${MAX_SAFE_BAGS} safe bags`);
    const parts = sequenceOf(bag);
    const bagId = oidOf(parts?.[0]);
    const value = explicitOf(parts?.[1], 0);
    if (!parts || !bagId || !value || parts.length > 3) return fail("corrupt", "bad safe bag");
    const attributes = readAttributes(parts[2]);
    if (isIdentityFailure(attributes)) return attributes;

    switch (bagId) {
      case KEY_OID.keyBag: {
        const pkcs8 = encodedBytesOf(value);
        if (!parsePrivateKeyInfo(pkcs8)) return fail("corrupt", "bad private key");
        state.keys.push({ pkcs8, ...attributes });
        break;
      }
      case KEY_OID.pkcs8ShroudedKeyBag: {
        // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }
        const epki = sequenceOf(value);
        const algorithm = algorithmOf(epki?.[0]);
        const ciphertext = octetsOf(epki?.[1]);
        if (!epki || epki.length !== 2 || !algorithm || !ciphertext) return fail("corrupt", "bad encrypted private key");
        const scheme = readPbeScheme(algorithm);
        if (!scheme.ok) return fail(scheme.error, scheme.detail);
        const outcome = await decryptWithPassword(scheme.scheme, ciphertext, state.forms, state.macForm, asPrivateKeyInfo, state.subtle, state.budget);
        if (!outcome.ok) return decryptFailure(outcome, state, "private key");
        state.keys.push({ pkcs8: outcome.value, ...attributes });
        break;
      }
      case KEY_OID.certBag: {
        // CertBag ::= SEQUENCE { certId OBJECT IDENTIFIER, certValue [0] EXPLICIT OCTET STRING }
        const certBag = sequenceOf(value);
        const certId = oidOf(certBag?.[0]);
        if (!certBag || !certId) return fail("corrupt", "bad certificate bag");
        if (certId !== KEY_OID.x509Certificate) break; // SDSI certificates: nothing we can use.
        const der = octetsOf(explicitOf(certBag[1], 0));
        if (!der) return fail("corrupt", "bad certificate bag");
        state.certificates.push({ der, ...attributes });
        break;
      }
      case KEY_OID.safeContentsBag: {
        const problem = await readBags(value, state, depth + 1);
        if (problem) return problem;
        break;
      }
      default:
        // CRL and secret bags, and bag types from the future: not part of an identity.
        break;
    }
  }
  return null;
}
