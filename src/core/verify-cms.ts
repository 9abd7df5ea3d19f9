import { CONTENT_TYPE_NAMES, OID } from "./cms/oids.js";
import { checkSignedData, readContentInfo } from "./cms/verify-signed-data.js";
import { evaluateSigners, trustContext, type VerifyOptions } from "./evaluate-signers.js";
import { REASONS, type Reason, type Status } from "./verdict-types.js";
import { sortReasons, statusFromReasons, worse } from "./verdict.js";

export interface CmsSignerResult {
  readonly status: Status;
  readonly reasons: readonly Reason[];
  readonly emails: readonly string[];
  readonly name: string | null;
  readonly algorithm: string;
  readonly signingTime: string | null;
}

export interface CmsVerification {
  /** "signed-data", "enveloped-data", ... or the OID when unknown; null when the input is not CMS. */
  readonly contentType: string | null;
  /** The worst signer's status (no From binding: a bare CMS object has no sender to compare with). */
  readonly status: Status;
  readonly reasons: readonly Reason[];
  readonly signers: readonly CmsSignerResult[];
  readonly content: Uint8Array | null;
  readonly notes: readonly string[];
}

/**
 * Verifies a bare CMS object (.p7m, .p7s) rather than a mail: every signer must be intact and trusted. For a
 * detached signature pass the content it covers.
 */
export async function verifyCms(der: Uint8Array, options: VerifyOptions & { readonly detachedContent?: Uint8Array } = {}): Promise<CmsVerification> {
  const ci = readContentInfo(der);
  if (!ci.ok) return { contentType: null, status: "invalid", reasons: ["malformed"], signers: [], content: null, notes: [ci.error] };
  if (ci.contentType !== OID.signedData) {
    return { contentType: CONTENT_TYPE_NAMES[ci.contentType] ?? ci.contentType, status: "unsigned", reasons: [], signers: [], content: null, notes: [] };
  }
  const ctx = trustContext(options);
  const check = await checkSignedData({ subtle: ctx.subtle, der, detachedContent: options.detachedContent, extraCertificates: ctx.extra, certificateCache: ctx.certificateCache });
  const evaluated = await evaluateSigners(ctx, check, null);
  const reasons = new Set<Reason>(check.problems);
  let status: Status = check.problems.length > 0 ? statusFromReasons(check.problems) : "verified";
  const signers: CmsSignerResult[] = evaluated.map((s) => {
    const own = sortReasons(s.reasons, REASONS);
    const st = statusFromReasons(own);
    status = worse(status, st);
    for (const r of own) reasons.add(r);
    const cert = s.check.certificate;
    return {
      status: st,
      reasons: own,
      emails: cert?.emails ?? [],
      name: cert?.commonName ?? null,
      algorithm: s.check.algorithm.label,
      signingTime: s.check.signingTime?.toISOString() ?? null,
    };
  });
  if (status === "verified" || status === "untrusted") reasons.add("revocation-unknown");
  return {
    contentType: "signed-data",
    status,
    reasons: sortReasons(reasons, REASONS),
    signers,
    content: check.eContent,
    notes: [...check.notes, ...evaluated.flatMap((s) => [...s.check.notes, ...(s.path?.notes ?? [])])],
  };
}
