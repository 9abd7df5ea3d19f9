import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { toHex } from "./der.js";
import { OID } from "./oids.js";
import { nameToString } from "../pki/certificate.js";

function describeRecipient(ri: pkijs.RecipientInfo): string {
  const v = ri.value;
  if (v instanceof pkijs.KeyTransRecipientInfo) {
    if (v.rid instanceof pkijs.IssuerAndSerialNumber) {
      return `certificate serial ${toHex(v.rid.serialNumber.valueBlock.valueHexView)} issued by ${nameToString(v.rid.issuer)}`;
    }
    if (v.rid instanceof asn1js.OctetString) return `certificate with key identifier ${toHex(v.rid.valueBlock.valueHexView)}`;
    return "a key-transport recipient";
  }
  if (v instanceof pkijs.KeyAgreeRecipientInfo) {
    const ids = v.recipientEncryptedKeys.encryptedKeys.map((k) => {
      const rid = k.rid.value as unknown;
      if (rid instanceof pkijs.IssuerAndSerialNumber) {
        return `certificate serial ${toHex(rid.serialNumber.valueBlock.valueHexView)} issued by ${nameToString(rid.issuer)}`;
      }
      return "a key-agreement recipient";
    });
    return ids.join("; ");
  }
  if (v instanceof pkijs.KEKRecipientInfo) return `a pre-shared key (${toHex(v.kekid.keyIdentifier.valueBlock.valueHexView)})`;
  if (v instanceof pkijs.PasswordRecipientinfo) return "a password";
  return "an unknown kind of recipient";
}

/**
 * Names the recipients of EnvelopedData or AuthEnvelopedData (RFC 5083), so that "no key" can say whom the
 * message was encrypted for. Returns an empty list for structures it cannot read.
 */
export function recipientsOf(contentType: string, content: asn1js.AsnType): string[] {
  try {
    if (contentType === OID.envelopedData) {
      const env = new pkijs.EnvelopedData({ schema: content });
      return env.recipientInfos.map(describeRecipient);
    }
    if (contentType === OID.authEnvelopedData && content instanceof asn1js.Sequence) {
      // AuthEnvelopedData ::= SEQUENCE { version, originatorInfo [0] OPTIONAL, recipientInfos SET, ... }
      const set = content.valueBlock.value.find((n) => n instanceof asn1js.Set);
      if (!set) return [];
      return (set as asn1js.Set).valueBlock.value.map((n) => describeRecipient(new pkijs.RecipientInfo({ schema: n })));
    }
  } catch {
    return [];
  }
  return [];
}
