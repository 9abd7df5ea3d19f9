/*
 * S/MIME signing (RFC 8551 §3.5): a message or MIME entity in, multipart/signed (detached) or
 * application/pkcs7-mime; smime-type=signed-data (opaque) out. The content is made safe for transport first, then
 * hashed once; the one signer is checked against its certificate before anything is returned.
 */
import type { Identity } from "../../keys/identity.js";
import {
  chooseBoundary,
  finishOpaqueSigned,
  PieceWriter,
  prepareEntity,
  splitTopLevelHeaders,
  writeHeaderFields,
  writeMultipartSigned,
} from "../../mime/build/index.js";
import { parseMessage } from "../../mime/index.js";
import { bufferSource, bytesEqual, viewOf } from "../der.js";
import { verifySignature } from "../verify-signature.js";
import { joinPieces, type DerPieces } from "./der-encode.js";
import { encodeSignedAttributes } from "./signed-attributes.js";
import { encodeSignedData, encodeSignerInfo } from "./signed-data.js";
import { soleFromAddress } from "./from-address.js";
import {
  fromMismatchProblem,
  isSelfIssued,
  issuerAndSerialOf,
  missingEmailProblem,
  readSignerCertificate,
  signingUseProblem,
  type SignerCertificate,
} from "./signer-certificate.js";
import {
  importSigningKey,
  micalgOf,
  planSignature,
  signBytes,
  verifierAlgorithm,
  type SignaturePlan,
  type SignatureScheme,
  type SigningDigest,
} from "./signature-scheme.js";

export type { SignatureScheme, SigningDigest } from "./signature-scheme.js";
export { SMIME_ENCRYPTION_KEY_PREFERENCE_OID, encodeSigningTime } from "./signed-attributes.js";

export interface SignOptions {
  readonly identity: Identity;
  /** subtle for keys, digests and signatures; getRandomValues for MIME boundaries. */
  readonly crypto: Crypto;
  /** Written as the signingTime attribute. */
  readonly now: Date;
  /** application/pkcs7-mime; smime-type=signed-data instead of multipart/signed. */
  readonly opaque?: boolean;
  /** Default SHA-256; Ed25519 always uses SHA-512 (RFC 8419). */
  readonly digest?: SigningDigest;
  /** Default: rsa-pkcs1 for RSA keys, ecdsa for EC keys, ed25519 for Ed25519 keys. */
  readonly scheme?: SignatureScheme;
  /** Adds SMIMEEncryptionKeyPreference naming this certificate (DER) when it differs from the signing one. */
  readonly encryptionCertificate?: Uint8Array;
}

/** What a signer is made from: everything but the per-message settings. */
export type SignerOptions = Omit<SignOptions, "now" | "opaque">;

/**
 * Why nothing was signed. Each is a distinct message for the user. `cert-without-email` and `email-mismatch` are
 * what a receiver's verdict would say about the signature, refused before it is made.
 */
export type SignError = "unsupported-key" | "malformed-message" | "key-mismatch" | "not-for-signing" | "cert-without-email" | "email-mismatch";

export type SignFailure = { readonly ok: false; readonly error: SignError; readonly detail: string };
export type SignResult = { readonly ok: true; readonly message: Uint8Array } | SignFailure;
export type SignedDataResult = { readonly ok: true; readonly der: Uint8Array } | SignFailure;

interface Signer {
  readonly plan: SignaturePlan;
  readonly key: CryptoKey;
  readonly certificate: SignerCertificate;
  /** What goes into the SignedData: the signer's certificate and its chain without the root. */
  readonly certificates: readonly Uint8Array[];
  readonly encryptionKeyPreference: Uint8Array | null;
}

function fail(error: SignError, detail: string): SignFailure {
  return { ok: false, error, detail };
}

/**
 * The chain as recipients need it to reach their trust anchor: issuing CAs, never a self-signed root (a root
 * that arrives with the message proves nothing, and some readers mistake it for one to trust).
 */
function certificatesToSend(signer: SignerCertificate, chain: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [signer.der];
  for (const der of chain) {
    // Unreadable ones are left out too: a recipient's parser could choke on them.
    if (isSelfIssued(der) !== false) continue;
    if (out.some((c) => bytesEqual(c, der))) continue;
    out.push(der);
  }
  return out;
}

async function prepareSigner(options: SignerOptions): Promise<{ readonly ok: true; readonly signer: Signer } | SignFailure> {
  const { identity } = options;
  const read = readSignerCertificate(identity.certificate);
  if (!read.ok) return fail("unsupported-key", read.detail);
  const certificate = read.value;
  const useProblem = signingUseProblem(certificate.parsed);
  if (useProblem !== null) return fail("not-for-signing", useProblem);
  const emailProblem = missingEmailProblem(certificate.parsed);
  if (emailProblem !== null) return fail("cert-without-email", emailProblem);
  if (certificate.keyKind === null) return fail("unsupported-key", "the certificate's key type cannot sign here");
  if (certificate.keyKind !== identity.keyKind) {
    return fail("key-mismatch", `the private key is ${identity.keyKind} but the certificate is for a ${certificate.keyKind} key`);
  }
  const planned = planSignature(identity.keyKind, options.scheme, options.digest);
  if (!planned.ok) return fail("unsupported-key", planned.detail);
  const key = await importSigningKey(options.crypto.subtle, planned.plan, identity.privateKey);
  if (typeof key === "string") return fail("unsupported-key", key);

  let encryptionKeyPreference: Uint8Array | null = null;
  const enc = options.encryptionCertificate;
  if (enc !== undefined && !bytesEqual(enc, certificate.der)) {
    encryptionKeyPreference = issuerAndSerialOf(enc);
    if (encryptionKeyPreference === null) return fail("unsupported-key", "the encryption certificate cannot be read");
  }
  return {
    ok: true,
    signer: {
      plan: planned.plan,
      key,
      certificate,
      certificates: certificatesToSend(certificate, identity.chain),
      encryptionKeyPreference,
    },
  };
}

/** Whether the certificate's public key verifies what the private key signed; a failure to report when not. */
async function keyPairProblem(subtle: SubtleCrypto, signer: Signer, data: Uint8Array, signature: Uint8Array): Promise<SignFailure | null> {
  const check = await verifySignature(subtle, verifierAlgorithm(signer.plan), signer.certificate.parsed.cert.subjectPublicKeyInfo, data, signature);
  if (check.ok) return null;
  if (check.reason === "bad-signature") return fail("key-mismatch", "the private key does not belong to the certificate: its signature does not verify with the certificate's public key");
  return fail("unsupported-key", check.detail);
}

async function signContent(signer: Signer, options: SignOptions, content: Uint8Array, detached: boolean): Promise<{ readonly ok: true; readonly cms: DerPieces } | SignFailure> {
  const { subtle } = options.crypto;
  const { plan } = signer;
  const messageDigest = viewOf(await subtle.digest(plan.digest, bufferSource(content)));
  const signedAttributes = encodeSignedAttributes({
    messageDigest,
    signingTime: options.now,
    encryptionKeyPreference: signer.encryptionKeyPreference,
  });
  let signature: Uint8Array;
  try {
    signature = await signBytes(subtle, plan, signer.key, signedAttributes);
  } catch (e) {
    return fail("unsupported-key", `the private key could not sign: ${(e as Error).message}`);
  }
  // A signature that the certificate's public key does not verify is useless to every recipient: it means the
  // key belongs to another certificate (or the signing went wrong), so nothing is sent.
  const mismatch = await keyPairProblem(subtle, signer, signedAttributes, signature);
  if (mismatch !== null) return mismatch;
  const signerInfo = encodeSignerInfo({
    issuerAndSerial: signer.certificate.issuerAndSerial,
    digestAlgorithm: plan.digestAlgorithm,
    signedAttributes,
    signatureAlgorithm: plan.signatureAlgorithm,
    signature,
  });
  return {
    ok: true,
    cms: encodeSignedData({ content, detached, digestAlgorithm: plan.digestAlgorithm, certificates: signer.certificates, signerInfo }),
  };
}

/** Signs the prepared entity and writes the S/MIME entity after whatever `writeOuterHeaders` puts first. */
async function signPrepared(
  signer: Signer,
  options: SignOptions,
  entity: Uint8Array,
  writeOuterHeaders: (w: PieceWriter) => void,
): Promise<SignResult> {
  const opaque = options.opaque === true;
  const signed = await signContent(signer, options, entity, !opaque);
  if (!signed.ok) return signed;
  const w = new PieceWriter();
  writeOuterHeaders(w);
  if (opaque) return { ok: true, message: finishOpaqueSigned(w, signed.cms.pieces) };
  const boundary = chooseBoundary((bytes) => options.crypto.getRandomValues(bytes), [entity]);
  if (boundary === null) return fail("malformed-message", "the content contains every boundary tried");
  writeMultipartSigned(w, { entity, signature: joinPieces(signed.cms), micalg: micalgOf(signer.plan.digest), boundary });
  return { ok: true, message: w.join() };
}

/**
 * Signs a whole RFC 5322 message: the top-level header block stays outside (From, To, Subject, Date,
 * Message-ID...), minus the Content-* and MIME-Version fields, which move into the signed entity; the body becomes
 * the signed part. A From address the certificate does not name is refused; a missing or ambiguous one is left to
 * the receiver, who cannot bind any signature to it.
 */
export async function signMessage(message: Uint8Array, options: SignOptions): Promise<SignResult> {
  const prepared = await prepareSigner(options);
  if (!prepared.ok) return prepared;
  return signMessageWith(prepared.signer, message, options);
}

async function signMessageWith(signer: Signer, message: Uint8Array, options: SignOptions): Promise<SignResult> {
  const root = parseMessage(message);
  const from = soleFromAddress(root);
  const fromProblem = from === null ? null : fromMismatchProblem(signer.certificate.parsed, from);
  if (fromProblem !== null) return fail("email-mismatch", fromProblem);
  const { outer, inner } = splitTopLevelHeaders(root);
  const entity = prepareEntity(root, { fields: inner });
  if (!entity.ok) return fail("malformed-message", entity.detail);
  return signPrepared(signer, options, entity.entity, (w) => writeHeaderFields(w, root, outer));
}

/** Signs a MIME entity (headers + body, no RFC 5322 fields) and returns the signed entity (multipart/signed or pkcs7-mime). */
export async function signEntity(entity: Uint8Array, options: SignOptions): Promise<SignResult> {
  const prepared = await prepareSigner(options);
  if (!prepared.ok) return prepared;
  return signEntityWith(prepared.signer, entity, options);
}

async function signEntityWith(signer: Signer, entity: Uint8Array, options: SignOptions): Promise<SignResult> {
  const safe = prepareEntity(parseMessage(entity));
  if (!safe.ok) return fail("malformed-message", safe.detail);
  return signPrepared(signer, options, safe.entity, () => undefined);
}

/** What may change from one message to the next of one signer. */
export interface SignCall {
  readonly now: Date;
  readonly opaque?: boolean;
}

/** An identity made ready once (certificate checked, private key imported) for signing many messages. */
export interface MessageSigner {
  signMessage(message: Uint8Array, call: SignCall): Promise<SignResult>;
  signEntity(entity: Uint8Array, call: SignCall): Promise<SignResult>;
}

/**
 * For callers that sign message after message with one identity (a batch run, a mail-delivery service, the
 * compose pane): checking the certificate and importing the key cost more than signing a 1 MB message, so they
 * are done once. Refuses exactly what signMessage refuses before it reads a message.
 */
export async function createSigner(options: SignerOptions): Promise<{ readonly ok: true; readonly signer: MessageSigner } | SignFailure> {
  const prepared = await prepareSigner(options);
  if (!prepared.ok) return prepared;
  const { signer } = prepared;
  // A key that is not the certificate's would fail every message; one trial signature says so now.
  const probe = new TextEncoder().encode("inkan signer check");
  let signature: Uint8Array;
  try {
    signature = await signBytes(options.crypto.subtle, signer.plan, signer.key, probe);
  } catch (e) {
    return fail("unsupported-key", `the private key could not sign: ${(e as Error).message}`);
  }
  const mismatch = await keyPairProblem(options.crypto.subtle, signer, probe, signature);
  if (mismatch !== null) return mismatch;
  return {
    ok: true,
    signer: {
      signMessage: (message, call) => signMessageWith(signer, message, { ...options, ...call }),
      signEntity: (entity, call) => signEntityWith(signer, entity, { ...options, ...call }),
    },
  };
}

/** The CMS SignedData alone (ContentInfo DER) over `content` as given, for callers that build their own MIME. */
export async function createSignedData(content: Uint8Array, options: SignOptions & { readonly detached: boolean }): Promise<SignedDataResult> {
  const prepared = await prepareSigner(options);
  if (!prepared.ok) return prepared;
  const signed = await signContent(prepared.signer, options, content, options.detached);
  if (!signed.ok) return signed;
  return { ok: true, der: joinPieces(signed.cms) };
}
