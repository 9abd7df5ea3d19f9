import type { ContentCipher } from "../../src/core/cms/encrypt/index.js";

/** The content ciphers the encrypt and decrypt benchmarks compare: what S/MIME clients send today (CBC) and what
 * RFC 8551 recommends (GCM). */
export interface BenchCipher {
  readonly name: Extract<ContentCipher, "aes-256-cbc" | "aes-256-gcm">;
  /** Tells the rows of one size apart. */
  readonly label: string;
  readonly opensslFlag: string;
  /** The smime-type parameter an encrypted message with this cipher carries (RFC 8551 §3.2.2). */
  readonly smimeType: string;
}

export const BENCH_CIPHERS: readonly BenchCipher[] = [
  { name: "aes-256-cbc", label: "CBC", opensslFlag: "-aes256", smimeType: "enveloped-data" },
  { name: "aes-256-gcm", label: "GCM", opensslFlag: "-aes-256-gcm", smimeType: "authEnveloped-data" },
];
