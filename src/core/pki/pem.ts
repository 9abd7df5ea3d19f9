/** PEM blocks found in a text, with their labels (RFC 7468). Text outside blocks is ignored. */
export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

/**
 * Largest PEM input read. Certificate bundles are kilobytes and CMS objects in PEM rarely exceed the message limit;
 * a larger input is not PEM we can use, and yields no blocks.
 */
export const MAX_PEM_BYTES = 128 * 1024 * 1024;

function base64Decode(text: string): Uint8Array | null {
  const clean = text.replace(/[\s\r\n]/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return null;
  try {
    const binary = atob(clean);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

export function decodePem(text: string): PemBlock[] {
  if (text.length > MAX_PEM_BYTES) return [];
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 #-]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // RFC 7468 allows explanatory headers ("Proc-Type: ...") in legacy PEM; skip lines with a colon.
    const body = m[2]!.split(/\r?\n/).filter((l) => !l.includes(":")).join("");
    const der = base64Decode(body);
    if (der) out.push({ label: m[1]!, der });
  }
  return out;
}

export function looksLikePem(bytes: Uint8Array): boolean {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, Math.min(bytes.byteLength, 4096)));
  return head.includes("-----BEGIN ");
}

/** Certificates from a file that holds one DER certificate or any number of PEM certificates. */
export function certificatesFromFile(bytes: Uint8Array): Uint8Array[] {
  if (looksLikePem(bytes)) {
    const text = new TextDecoder("latin1").decode(bytes);
    return decodePem(text)
      .filter((b) => b.label === "CERTIFICATE" || b.label === "X509 CERTIFICATE" || b.label === "TRUSTED CERTIFICATE")
      .map((b) => b.der);
  }
  return bytes.byteLength > 0 && bytes[0] === 0x30 ? [bytes] : [];
}
