/** The verdict vocabulary. These strings are a public contract (CLI JSON, UI, tests): never rename one. */

export const STATUSES = ["verified", "untrusted", "mismatch", "invalid", "partial", "unsigned"] as const;
export type Status = (typeof STATUSES)[number];

export const REASONS = [
  "untrusted-root",
  "self-signed",
  "expired",
  "expired-since-signing",
  "not-yet-valid",
  "revoked",
  "revocation-unknown",
  "weak-algorithm",
  "unsupported-algorithm",
  "time-mismatch",
  "email-mismatch",
  "no-from",
  "multiple-from",
  "cert-without-email",
  "digest-mismatch",
  "bad-signature",
  "malformed",
  "no-signer",
  "econtent-in-detached",
  "bad-signed-attributes",
  "wrong-key-usage",
  "partially-signed",
  "outer-signature-ignored",
  "header-mismatch",
  // Added codes (append only).
  "signer-cert-missing",
  "bad-chain-signature",
  "ca-not-allowed",
  "limit-exceeded",
  "unsupported-critical-extension",
  "ambiguous-from",
] as const;
export type Reason = (typeof REASONS)[number];

export type Encryption = "none" | "decrypted" | "no-key" | "failed";
export type Integrity = "aead" | "none";

/** How the CA verified the identity, from the CA/B Forum S/MIME BR policy OIDs 2.23.140.1.5.{1..4}.{1..3}. */
export type ValidationLevel = "mailbox" | "organization" | "sponsored" | "individual" | "unknown";
export type ValidationGeneration = "legacy" | "multipurpose" | "strict";

export interface ValidationInfo {
  readonly level: ValidationLevel;
  /** null when level is "unknown". */
  readonly generation: ValidationGeneration | null;
  /** The matching policy OID, or null. */
  readonly policyOid: string | null;
}

export type AuthMethodResult = {
  /** e.g. "pass", "fail", "softfail", "neutral", "none", "temperror", "permerror", "policy". Lower-case. */
  readonly result: string;
  /** spf: smtp.mailfrom (or smtp.helo) domain; dkim: header.d (or header.i domain); dmarc: header.from. */
  readonly domain: string | null;
};

export interface AuthResults {
  /** The authserv-id of the topmost Authentication-Results header. */
  readonly authservId: string;
  readonly spf: AuthMethodResult | null;
  /** One entry per DKIM signature result. */
  readonly dkim: readonly (AuthMethodResult & { readonly selector: string | null })[];
  readonly dmarc: AuthMethodResult | null;
}

export interface CertSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256: string;
}

export type SignerRole = "binding" | "additional" | "outer" | "unbound";

export interface SignerReport {
  /** The signer's certificate address that matches From, else its first address, else null. Never a display name. */
  readonly email: string | null;
  /** Every address in the certificate (SAN rfc822Name, else subject emailAddress). */
  readonly emails: readonly string[];
  readonly name: string | null;
  readonly organization: string | null;
  /** The issuing CA's common name (or full DN when it has none). */
  readonly issuer: string | null;
  readonly validation: ValidationLevel;
  readonly validationGeneration: ValidationGeneration | null;
  /** ISO 8601, from the signingTime attribute; null when absent. */
  readonly signingTime: string | null;
  /** e.g. "RSA-PSS with SHA-256", "ECDSA P-256 with SHA-256", "Ed25519". */
  readonly algorithm: string;
  readonly bindsFrom: boolean;
  /** This signer's own result, before layers are combined. */
  readonly status: Status;
  readonly reasons: readonly Reason[];
  readonly role: SignerRole;
  /** Index of the layer in Verdict.layers. */
  readonly layer: number;
  /** The certification path, signer first, anchor last; empty when no certificate was found. */
  readonly chain: readonly CertSummary[];
  readonly trustAnchor: string | null;
}

export type LayerKind = "multipart-signed" | "opaque-signed" | "enveloped" | "auth-enveloped" | "certs-only";

export interface LayerReport {
  readonly kind: LayerKind;
  /** MIME nesting depth of the part that holds this layer. */
  readonly depth: number;
  /** Does this layer cover the content shown to the reader? */
  readonly coversShown: boolean;
  readonly status: Status;
  readonly reasons: readonly Reason[];
  /** Free-text details for help desks (never used for decisions). */
  readonly notes: readonly string[];
}

export interface Verdict {
  readonly status: Status;
  readonly reasons: readonly Reason[];
  readonly signers: readonly SignerReport[];
  readonly encryption: Encryption;
  readonly integrity: Integrity;
  /** The From mailbox as the reader sees it; null when there is not exactly one From mailbox with an address. */
  readonly from: { readonly name: string; readonly address: string } | null;
  readonly authResults: AuthResults | null;
  readonly layers: readonly LayerReport[];
  /** For encrypted messages without a key: the recipients named in the RecipientInfos. */
  readonly recipients: readonly string[];
}
