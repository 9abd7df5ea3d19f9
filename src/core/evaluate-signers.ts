import type { DecryptSecrets } from "./cms/decrypt/index.js";
import type { SignedDataCheck, SignerCheck } from "./cms/verify-signed-data.js";
import type { Identity } from "./keys/identity.js";
import type { ParsedCertificate } from "./pki/certificate.js";
import { CertificateCache } from "./pki/certificate-cache.js";
import { createAnchorIndex, type AnchorIndex } from "./pki/anchor-index.js";
import { defaultRootsDer } from "./pki/default-roots-loader.js";
import { LinkCache, validatePath, type PathResult } from "./pki/validate-path.js";
import type { Reason } from "./verdict-types.js";

export interface VerifyOptions {
  /** "Now" for validity checks; fixed in tests so old fixtures stay repeatable. */
  readonly now?: Date;
  /** Extra trust anchors (DER), e.g. an organisation's private CA. */
  readonly trustAnchors?: readonly Uint8Array[];
  /** Certificates to build paths and find signers with, beyond those in the message (DER). */
  readonly extraCertificates?: readonly Uint8Array[];
  /** Use the built-in publicly trusted S/MIME roots (default true). */
  readonly useDefaultRoots?: boolean;
  readonly subtle?: SubtleCrypto;
  /** The reader's own identities, to open encrypted layers (old, superseded ones included). */
  readonly identities?: readonly Identity[];
  /** Pre-shared keys and passwords for KEK and password recipients. */
  readonly secrets?: DecryptSecrets;
}

/** RFC 8551 gives no bound; an hour absorbs clock skew and slow submission while catching back-dated signatures. */
export const MAX_SIGNING_TIME_SKEW_MS = 60 * 60 * 1000;

export interface TrustContext {
  readonly subtle: SubtleCrypto;
  readonly now: Date;
  /** The caller's own anchors (an organisation's CA), parsed. */
  readonly anchors: readonly ParsedCertificate[];
  /** The built-in public roots, looked up by name when a path needs one; null with useDefaultRoots false. */
  readonly anchorIndex: AnchorIndex | null;
  readonly extra: readonly ParsedCertificate[];
  /** Certificates parsed for earlier messages, and the signature checks made between them: a verifier's memory. */
  readonly certificateCache: CertificateCache;
  readonly linkCache: LinkCache;
}

export interface EvaluatedSigner {
  readonly check: SignerCheck;
  readonly path: PathResult | null;
  /** Cryptographic and trust reasons; binding to From is added by the caller. */
  readonly reasons: ReadonlySet<Reason>;
}

function parseAll(ders: readonly Uint8Array[], cache: CertificateCache): ParsedCertificate[] {
  const out: ParsedCertificate[] = [];
  for (const der of ders) {
    const parsed = cache.parse(der);
    if (parsed.ok) out.push(parsed.value);
  }
  return out;
}

// Constant data: indexed once per process, like the list it comes from; each root is parsed only when a path
// reaches its name.
let builtIn: AnchorIndex | undefined;

function builtInAnchors(): AnchorIndex {
  builtIn ??= createAnchorIndex(defaultRootsDer());
  return builtIn;
}

export function trustContext(options: VerifyOptions): TrustContext {
  const certificateCache = new CertificateCache();
  return {
    subtle: options.subtle ?? globalThis.crypto.subtle,
    now: options.now ?? new Date(),
    anchors: parseAll(options.trustAnchors ?? [], certificateCache),
    anchorIndex: options.useDefaultRoots === false ? null : builtInAnchors(),
    extra: parseAll(options.extraCertificates ?? [], certificateCache),
    certificateCache,
    linkCache: new LinkCache(),
  };
}

/** Validates each signer's certificate path and compares its signing time with the message's Date. */
export async function evaluateSigners(ctx: TrustContext, check: SignedDataCheck, dateHeader: Date | null): Promise<EvaluatedSigner[]> {
  const out: EvaluatedSigner[] = [];
  for (const signer of check.signers) {
    const reasons = new Set<Reason>(signer.problems);
    let path: PathResult | null = null;
    if (signer.certificate) {
      path = await validatePath({
        subtle: ctx.subtle,
        leaf: signer.certificate,
        intermediates: [...check.certificates, ...ctx.extra],
        anchors: ctx.anchors,
        anchorIndex: ctx.anchorIndex ?? undefined,
        signingTime: signer.signingTime,
        now: ctx.now,
        linkCache: ctx.linkCache,
      });
      for (const r of path.problems) reasons.add(r);
    }
    if (signer.signingTime && dateHeader && Math.abs(signer.signingTime.getTime() - dateHeader.getTime()) > MAX_SIGNING_TIME_SKEW_MS) {
      reasons.add("time-mismatch");
    }
    out.push({ check: signer, path, reasons });
  }
  return out;
}
