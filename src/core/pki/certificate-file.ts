/*
 * Certificates from a file a person hands us: one DER certificate (.cer/.der), PEM certificates (.pem/.crt), or a
 * certs-only PKCS #7 / CMS SignedData (.p7c/.p7b, DER or PEM "PKCS7"/"CMS"), as partners and CAs send them.
 */
import { OID } from "../cms/oids.js";
import { readContentInfoFrame, readSignedData } from "../cms/read-signed-data.js";
import { parseCertificate, type ParsedCertificate } from "./certificate.js";
import { decodePem, looksLikePem } from "./pem.js";

/**
 * Largest certificate file read. A certificate is a few kilobytes and a .p7c with a chain a few tens; anything
 * larger is not a certificate file and is refused as `too-large` before parsing.
 */
export const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;
/** Certificates taken from one file; a .p7c carries a chain of three or four. The rest are ignored. */
export const MAX_CERTIFICATES_PER_FILE = 32;

export type CertificateFileRead =
  | { readonly ok: true; readonly certificates: readonly ParsedCertificate[] }
  | { readonly ok: false; readonly code: "too-large" | "no-certificate" | "unreadable"; readonly detail: string };

const PEM_CERTIFICATE_LABELS: ReadonlySet<string> = new Set(["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"]);
const PEM_CMS_LABELS: ReadonlySet<string> = new Set(["PKCS7", "CMS"]);

/** The DER certificates of a certs-only SignedData, or null when `der` is not a SignedData. */
function certificatesOfSignedData(der: Uint8Array): Uint8Array[] | null {
  const frame = readContentInfoFrame(der);
  if (!frame.ok || frame.contentType !== OID.signedData) return null;
  const sd = readSignedData(frame.content, MAX_CERTIFICATES_PER_FILE);
  if (!sd.ok) return null;
  return sd.value.certificates.filter((c): c is Uint8Array => c !== null);
}

function rawCertificates(bytes: Uint8Array): Uint8Array[] | null {
  if (looksLikePem(bytes)) {
    const out: Uint8Array[] = [];
    for (const block of decodePem(new TextDecoder("latin1").decode(bytes))) {
      if (PEM_CERTIFICATE_LABELS.has(block.label)) out.push(block.der);
      else if (PEM_CMS_LABELS.has(block.label)) out.push(...(certificatesOfSignedData(block.der) ?? []));
    }
    return out;
  }
  return certificatesOfSignedData(bytes) ?? (bytes.byteLength > 0 && bytes[0] === 0x30 ? [bytes] : null);
}

export function readCertificateFile(bytes: Uint8Array): CertificateFileRead {
  if (bytes.byteLength > MAX_CERTIFICATE_FILE_BYTES) {
    return { ok: false, code: "too-large", detail: `larger than ${MAX_CERTIFICATE_FILE_BYTES} bytes` };
  }
  const raw = rawCertificates(bytes);
  if (raw === null) return { ok: false, code: "unreadable", detail: "neither a certificate (DER or PEM) nor a PKCS #7 certificate bundle" };
  const certificates: ParsedCertificate[] = [];
  for (const der of raw.slice(0, MAX_CERTIFICATES_PER_FILE)) {
    const parsed = parseCertificate(der);
    if (!parsed.ok) return { ok: false, code: "unreadable", detail: parsed.error };
    certificates.push(parsed.value);
  }
  if (certificates.length === 0) return { ok: false, code: "no-certificate", detail: "the file holds no certificate" };
  return { ok: true, certificates };
}
