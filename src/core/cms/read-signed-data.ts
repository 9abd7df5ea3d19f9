import {
  childrenOf,
  encodingOf,
  isContext,
  isUniversal,
  octetStringContents,
  oidText,
  readTlv,
  TAG,
  tlvBudget,
  TlvError,
  type Tlv,
  type TlvBudget,
} from "./tlv.js";

/**
 * A ContentInfo (RFC 5652 §3) read for its type and the encoding of its content, without building objects for the
 * content's nodes.
 */
export type ContentInfoFrame =
  | { readonly ok: true; readonly contentType: string; readonly content: Uint8Array }
  | { readonly ok: false; readonly error: string };

export function readContentInfoFrame(der: Uint8Array): ContentInfoFrame {
  if (der.byteLength === 0) return { ok: false, error: "empty input" };
  try {
    const budget = tlvBudget();
    const outer = readTlv(der, 0, der.byteLength, budget);
    if (!isUniversal(outer, TAG.sequence) || !outer.constructed) return { ok: false, error: "not a CMS ContentInfo: not a SEQUENCE" };
    const [type, wrapper, ...rest] = childrenOf(der, outer, budget);
    if (type === undefined || !isUniversal(type, TAG.oid)) return { ok: false, error: "not a CMS ContentInfo: no content type" };
    if (wrapper === undefined || !isContext(wrapper, 0) || !wrapper.constructed || rest.length > 0) {
      return { ok: false, error: "not a CMS ContentInfo: the content is not a [0] EXPLICIT value" };
    }
    const inner = childrenOf(der, wrapper, budget, 1);
    if (inner.length !== 1) return { ok: false, error: "not a CMS ContentInfo: [0] must hold exactly one value" };
    return { ok: true, contentType: oidText(der, type), content: encodingOf(der, inner[0]!) };
  } catch (e) {
    if (e instanceof TlvError) return { ok: false, error: `not valid ASN.1: ${e.message}` };
    throw e;
  }
}

/**
 * SignedData (RFC 5652 §5.1): the encapsulated content, and the encodings of the certificates and SignerInfos for
 * their own parsers (certificates are often already known to the verifier and need no parsing at all).
 */
export interface SignedDataParts {
  readonly eContentType: string;
  /** The eContent OCTET STRING's contents, pieces of a constructed one joined; null when the content is detached. */
  readonly eContent: Uint8Array | null;
  /** Each element of `certificates`: the encoding of a Certificate, or null for the other CertificateChoices. */
  readonly certificates: readonly (Uint8Array | null)[];
  readonly signerInfos: readonly Uint8Array[];
}

export type SignedDataRead = { readonly ok: true; readonly value: SignedDataParts } | { readonly ok: false; readonly error: string };

function fail(error: string): SignedDataRead {
  return { ok: false, error };
}

/** `content` is the SignedData's own encoding (a ContentInfo's content). Certificates past `maxCertificates` are ignored. */
export function readSignedData(content: Uint8Array, maxCertificates: number): SignedDataRead {
  try {
    return readParts(content, maxCertificates, tlvBudget());
  } catch (e) {
    if (e instanceof TlvError) return fail(`not valid ASN.1: ${e.message}`);
    throw e;
  }
}

function readParts(bytes: Uint8Array, maxCertificates: number, budget: TlvBudget): SignedDataRead {
  const outer = readTlv(bytes, 0, bytes.byteLength, budget);
  if (!isUniversal(outer, TAG.sequence) || !outer.constructed) return fail("SignedData is not a SEQUENCE");
  const items = childrenOf(bytes, outer, budget);
  let i = 0;
  if (items[i] === undefined || !isUniversal(items[i]!, TAG.integer)) return fail("SignedData has no version");
  i++;
  // digestAlgorithms is informational (each SignerInfo names its own digest); an empty SET is tolerated.
  if (items[i] === undefined || !isUniversal(items[i]!, TAG.set) || !items[i]!.constructed) return fail("SignedData has no digestAlgorithms SET");
  i++;
  const encap = items[i++];
  if (encap === undefined || !isUniversal(encap, TAG.sequence) || !encap.constructed) return fail("SignedData has no encapContentInfo");
  const [typeNode, wrapper, ...rest] = childrenOf(bytes, encap, budget, 1);
  if (typeNode === undefined || !isUniversal(typeNode, TAG.oid) || rest.length > 0) return fail("encapContentInfo is not valid");
  const eContentType = oidText(bytes, typeNode);
  let eContent: Uint8Array | null = null;
  if (wrapper !== undefined) {
    const inner = isContext(wrapper, 0) && wrapper.constructed ? childrenOf(bytes, wrapper, budget, 2) : [];
    if (inner.length !== 1 || !isUniversal(inner[0]!, TAG.octetString)) return fail("eContent is not an OCTET STRING");
    eContent = octetStringContents(bytes, inner[0]!, budget);
    if (eContent === null) return fail("eContent is not a valid OCTET STRING");
  }

  const certificates: (Uint8Array | null)[] = [];
  if (items[i] !== undefined && isContext(items[i]!, 0)) {
    const set = items[i++]!;
    const elements: Tlv[] = set.constructed ? childrenOf(bytes, set, budget, 1) : [];
    for (const element of elements.slice(0, maxCertificates)) {
      certificates.push(isUniversal(element, TAG.sequence) && element.constructed ? encodingOf(bytes, element) : null);
    }
  }
  if (items[i] !== undefined && isContext(items[i]!, 1)) i++;
  const infos = items[i++];
  if (infos === undefined || !isUniversal(infos, TAG.set) || !infos.constructed || i !== items.length) return fail("SignedData has no signerInfos SET");
  const signerInfos = childrenOf(bytes, infos, budget, 1).map((n) => encodingOf(bytes, n));
  return { ok: true, value: { eContentType, eContent, certificates, signerInfos } };
}
