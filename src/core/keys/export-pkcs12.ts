/**
 * Writes an identity as a PKCS #12 file for another device: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC for the
 * key and the certificates, and an HMAC-SHA256 integrity MAC, the layout OpenSSL 3 writes by default (certificates
 * in an encrypted SafeContents, then the shrouded key in a plain one; localKeyId and friendlyName on the key and
 * its certificate).
 */
import * as asn1js from "asn1js";
import { bufferSource, viewOf } from "../cms/der.js";
import { OID } from "../cms/oids.js";
import type { Identity } from "./identity.js";
import { KEY_OID } from "./key-oids.js";
import { pbes2Encrypt } from "./password-based-encryption.js";
import { computeMac } from "./pkcs12-mac.js";

/**
 * PBKDF2 and MAC iterations. OpenSSL's 2,048 is cheap to guess against; this costs a guesser 50 times more and the
 * user a fraction of a second. Kept well under the 600,000 total that .NET accepts by default for a whole file
 * (MAC + key + certificates), so Windows tools built on it still open the export.
 */
export const EXPORT_ITERATIONS = 100_000;
const SALT_BYTES = 16;

export interface ExportOptions {
  readonly iterations?: number;
  /** Random octets for salts and IVs (default: the platform's crypto.getRandomValues). */
  readonly random?: (length: number) => Uint8Array;
}

const oid = (value: string): asn1js.ObjectIdentifier => new asn1js.ObjectIdentifier({ value });
const octets = (bytes: Uint8Array): asn1js.OctetString => new asn1js.OctetString({ valueHex: bytes.slice().buffer });
const explicit0 = (inner: asn1js.BaseBlock): asn1js.Constructed => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [inner] });
const encode = (node: asn1js.BaseBlock): Uint8Array => viewOf(node.toBER(false));

/** A DER SET OF: members in ascending order of their encodings (X.690 §11.6). */
function derSet(members: asn1js.BaseBlock[]): asn1js.Set {
  const encoded = members.map((m) => ({ m, der: encode(m) }));
  encoded.sort((a, b) => {
    const n = Math.min(a.der.byteLength, b.der.byteLength);
    for (let i = 0; i < n; i++) if (a.der[i] !== b.der[i]) return a.der[i]! - b.der[i]!;
    return a.der.byteLength - b.der.byteLength;
  });
  return new asn1js.Set({ value: encoded.map((e) => e.m) });
}

function bagAttributes(friendlyName: string | null, localKeyId: Uint8Array): asn1js.Set {
  const attributes: asn1js.BaseBlock[] = [new asn1js.Sequence({ value: [oid(KEY_OID.localKeyId), derSet([octets(localKeyId)])] })];
  if (friendlyName !== null) attributes.push(new asn1js.Sequence({ value: [oid(KEY_OID.friendlyName), derSet([new asn1js.BmpString({ value: friendlyName })])] }));
  return derSet(attributes);
}

function certBag(der: Uint8Array, attributes: asn1js.Set | null): asn1js.Sequence {
  const value = new asn1js.Sequence({ value: [oid(KEY_OID.x509Certificate), explicit0(octets(der))] });
  return new asn1js.Sequence({ value: [oid(KEY_OID.certBag), explicit0(value), ...(attributes ? [attributes] : [])] });
}

function dataContentInfo(content: Uint8Array): asn1js.Sequence {
  return new asn1js.Sequence({ value: [oid(OID.data), explicit0(octets(content))] });
}

export async function exportPkcs12(identity: Identity, password: string, subtle: SubtleCrypto, options: ExportOptions = {}): Promise<Uint8Array> {
  const iterations = options.iterations ?? EXPORT_ITERATIONS;
  const random = options.random ?? ((length: number) => globalThis.crypto.getRandomValues(new Uint8Array(length)));
  // OpenSSL's localKeyId: the SHA-1 hash of the certificate, which names it on both bags.
  const localKeyId = new Uint8Array(await subtle.digest("SHA-1", bufferSource(identity.certificate)));

  const certContents = encode(
    new asn1js.Sequence({
      value: [certBag(identity.certificate, bagAttributes(identity.friendlyName, localKeyId)), ...identity.chain.map((der) => certBag(der, null))],
    }),
  );
  const certsEncrypted = await pbes2Encrypt(certContents, password, iterations, subtle, random);
  const encryptedData = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({
        value: [
          oid(OID.data),
          certsEncrypted.algorithm,
          new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: certsEncrypted.ciphertext.slice().buffer }),
        ],
      }),
    ],
  });

  const keyEncrypted = await pbes2Encrypt(identity.privateKey, password, iterations, subtle, random);
  const keyContents = encode(
    new asn1js.Sequence({
      value: [
        new asn1js.Sequence({
          value: [
            oid(KEY_OID.pkcs8ShroudedKeyBag),
            explicit0(new asn1js.Sequence({ value: [keyEncrypted.algorithm, octets(keyEncrypted.ciphertext)] })),
            bagAttributes(identity.friendlyName, localKeyId),
          ],
        }),
      ],
    }),
  );

  const authSafe = encode(
    new asn1js.Sequence({
      value: [new asn1js.Sequence({ value: [oid(OID.encryptedData), explicit0(encryptedData)] }), dataContentInfo(keyContents)],
    }),
  );
  const macSalt = random(SALT_BYTES);
  const mac = await computeMac(authSafe, password, { hash: "SHA-256", salt: macSalt, iterations }, subtle);
  const pfx = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 3 }),
      dataContentInfo(authSafe),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [oid(OID.sha256), new asn1js.Null()] }), octets(mac)] }),
          octets(macSalt),
          new asn1js.Integer({ value: iterations }),
        ],
      }),
    ],
  });
  return encode(pfx);
}
