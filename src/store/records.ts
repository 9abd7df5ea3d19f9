/*
 * Record building shared by the IndexedDB store and the file store, so that both hold the same shapes and follow
 * the same rules: hand-imported contacts, anchors, settings.
 */
import { readCertificateFile } from "../core/pki/certificate-file.js";
import { certificateFacts, type CertificateFacts } from "./certificate-facts.js";
import {
  type AddAnchorResult,
  type AnchorRecord,
  type ContactImportOutcome,
  type ContactImportResult,
  type ContactRecord,
  type Settings,
} from "./types.js";

/** Longest anchor label kept. Labels are typed by people ("Example Corp private CA"); longer is a paste accident. */
export const MAX_LABEL_LENGTH = 200;

export interface ImportableCertificate {
  readonly certificate: Uint8Array;
  readonly facts: CertificateFacts;
}

type ImportFailure = Extract<ContactImportResult, { ok: false }>;

/** The end-entity certificates with addresses in a .cer/.pem/.p7c file. */
export async function importableCertificates(file: Uint8Array, subtle: SubtleCrypto): Promise<{ readonly ok: true; readonly items: readonly ImportableCertificate[] } | ImportFailure> {
  const read = readCertificateFile(file);
  if (!read.ok) return { ok: false, code: read.code, detail: read.detail };
  const items: ImportableCertificate[] = [];
  for (const cert of read.certificates) {
    // A .p7c usually carries the chain too; its CA certificates are not anyone's address-book entry.
    if (cert.basicConstraintsCA === true) continue;
    const facts = await certificateFacts(cert, subtle);
    if (facts.emails.length > 0) items.push({ certificate: cert.der, facts });
  }
  if (items.length === 0) return { ok: false, code: "no-address", detail: "no end-entity certificate in the file names an e-mail address" };
  return { ok: true, items };
}

export interface ImportDecision {
  readonly outcome: ContactImportOutcome;
  /** The record to write; null when the stored one stays. */
  readonly write: ContactRecord | null;
  /** What is stored for the address afterwards. */
  readonly record: ContactRecord;
}

/** One address of a hand import against what is stored for it. */
export function decideImport(existing: ContactRecord | null, item: ImportableCertificate, address: string, now: Date): ImportDecision {
  if (existing !== null && existing.fingerprint === item.facts.fingerprint) return { outcome: "already-present", write: null, record: existing };
  if (existing !== null && existing.verified) return { outcome: "kept-verified", write: null, record: existing };
  const at = now.toISOString();
  const record: ContactRecord = {
    address,
    certificate: item.certificate,
    fingerprint: item.facts.fingerprint,
    subject: item.facts.subject,
    issuer: item.facts.issuer,
    notBefore: item.facts.notBefore,
    notAfter: item.facts.notAfter,
    capabilities: null,
    encryptionKeyPreference: null,
    encryptionCertificate: null,
    verified: false,
    source: "imported",
    firstSeen: at,
    lastSeen: at,
  };
  return { outcome: existing === null ? "added" : "replaced", write: record, record };
}

type AnchorFailure = Extract<AddAnchorResult, { ok: false }>;

/** An anchor record from a file holding exactly one certificate. */
export async function anchorFromFile(file: Uint8Array, label: string, now: Date, subtle: SubtleCrypto): Promise<{ readonly ok: true; readonly record: AnchorRecord } | AnchorFailure> {
  const clean = label.trim();
  if (clean.length === 0 || clean.length > MAX_LABEL_LENGTH) {
    return { ok: false, code: "bad-label", detail: `a label of 1 to ${MAX_LABEL_LENGTH} characters is needed` };
  }
  const read = readCertificateFile(file);
  if (!read.ok) return { ok: false, code: read.code === "no-certificate" ? "no-certificate" : "unreadable", detail: read.detail };
  // A bundle would add CAs the person did not look at one by one.
  if (read.certificates.length !== 1) return { ok: false, code: "several-certificates", detail: `the file holds ${read.certificates.length} certificates; add them one at a time` };
  const cert = read.certificates[0]!;
  const facts = await certificateFacts(cert, subtle);
  return {
    ok: true,
    record: { fingerprint: facts.fingerprint, certificate: cert.der, label: clean, subject: facts.subject, notAfter: facts.notAfter, addedAt: now.toISOString() },
  };
}


