import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

/**
 * SignedData (RFC 5652 §5.1) read straight from the parsed ASN.1: pkijs's schema matching of the whole structure
 * costs more than checking the signature, so only the parts that need it (certificates, SignerInfos) go through
 * pkijs, each from its own node.
 */
export interface SignedDataParts {
  readonly eContentType: string;
  /** The [0] EXPLICIT eContent OCTET STRING, when the content is embedded. */
  readonly eContent: asn1js.OctetString | null;
  /** Each element of `certificates`: a Certificate with its own encoding, or null for other choices. */
  readonly certificates: readonly ({ readonly cert: pkijs.Certificate; readonly der: Uint8Array } | { readonly error: string } | null)[];
  readonly signerInfos: readonly pkijs.SignerInfo[];
}

export type SignedDataRead = { readonly ok: true; readonly value: SignedDataParts } | { readonly ok: false; readonly error: string };

const isContext = (n: asn1js.BaseBlock, tag: number): boolean => n.idBlock.tagClass === 3 && n.idBlock.tagNumber === tag;

export function readSignedData(node: asn1js.AsnType, maxCertificates: number): SignedDataRead {
  if (!(node instanceof asn1js.Sequence)) return { ok: false, error: "SignedData is not a SEQUENCE" };
  const items = node.valueBlock.value;
  let i = 0;
  if (!(items[i] instanceof asn1js.Integer)) return { ok: false, error: "SignedData has no version" };
  i++;
  // digestAlgorithms is informational (each SignerInfo names its own digest); an empty SET is tolerated.
  if (!(items[i] instanceof asn1js.Set)) return { ok: false, error: "SignedData has no digestAlgorithms SET" };
  i++;
  const encap = items[i++];
  if (!(encap instanceof asn1js.Sequence)) return { ok: false, error: "SignedData has no encapContentInfo" };
  const [typeNode, wrapper, ...rest] = encap.valueBlock.value;
  if (!(typeNode instanceof asn1js.ObjectIdentifier) || rest.length > 0) return { ok: false, error: "encapContentInfo is not valid" };
  let eContent: asn1js.OctetString | null = null;
  if (wrapper !== undefined) {
    const inner = isContext(wrapper, 0) && wrapper.idBlock.isConstructed ? (wrapper as asn1js.Constructed).valueBlock.value : [];
    if (inner.length !== 1 || !(inner[0] instanceof asn1js.OctetString)) return { ok: false, error: "eContent is not an OCTET STRING" };
    eContent = inner[0];
  }

  const certificates: SignedDataParts["certificates"][number][] = [];
  if (items[i] !== undefined && isContext(items[i]!, 0)) {
    const set = items[i++]!;
    const elements = set.idBlock.isConstructed ? (set as asn1js.Constructed).valueBlock.value : [];
    for (const element of elements.slice(0, maxCertificates)) {
      if (!(element instanceof asn1js.Sequence) || element.idBlock.tagClass !== 1) {
        certificates.push(null);
        continue;
      }
      const der = element.valueBeforeDecodeView;
      try {
        certificates.push({ cert: new pkijs.Certificate({ schema: element }), der });
      } catch (e) {
        certificates.push({ error: (e as Error).message });
      }
    }
  }
  if (items[i] !== undefined && isContext(items[i]!, 1)) i++;
  const infos = items[i++];
  if (!(infos instanceof asn1js.Set) || i !== items.length) return { ok: false, error: "SignedData has no signerInfos SET" };
  const signerInfos: pkijs.SignerInfo[] = [];
  for (const n of infos.valueBlock.value) {
    try {
      signerInfos.push(new pkijs.SignerInfo({ schema: n }));
    } catch (e) {
      return { ok: false, error: `a SignerInfo is not valid: ${(e as Error).message}` };
    }
  }
  return { ok: true, value: { eContentType: typeNode.valueBlock.toString(), eContent, certificates, signerInfos } };
}
