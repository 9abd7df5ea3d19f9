/** OpenSSL as the peer for the encryption tests: recipient certificates made for them, and decryption. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as asn1js from "asn1js";

export const OPENSSL = process.env["INKAN_OPENSSL"] ?? "openssl";

export function openssl(args: readonly string[], input?: Uint8Array): { status: number; stdout: Buffer; stderr: string } {
  const r = spawnSync(OPENSSL, args, { input, maxBuffer: 256 << 20 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

export function mustOpenssl(args: readonly string[], input?: Uint8Array): Buffer {
  const r = openssl(args, input);
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

export class Scratch {
  readonly dir = mkdtempSync(path.join(tmpdir(), "inkan-encrypt-"));
  private counter = 0;

  file(name: string, data?: Uint8Array | string): string {
    const full = path.join(this.dir, `${++this.counter}-${name}`);
    if (data !== undefined) writeFileSync(full, data);
    return full;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface MadeCert {
  readonly certPem: string;
  readonly key: string;
  readonly der: Uint8Array;
}

/**
 * A self-signed end-entity certificate for `key` (or a new key of `newKey`'s algorithm) with exactly the given
 * extension lines; a config of our own so that the system openssl.cnf adds nothing.
 */
export function makeCert(
  scratch: Scratch,
  name: string,
  options: { readonly key?: string; readonly newKey?: string[]; readonly extensions: readonly string[] },
): MadeCert {
  const key = options.key ?? scratch.file(`${name}.key`);
  if (options.key === undefined) mustOpenssl(["genpkey", ...(options.newKey ?? []), "-out", key]);
  const config = scratch.file(
    `${name}.cnf`,
    ["[ req ]", "distinguished_name = dn", "prompt = no", "[ dn ]", `CN = ${name}`, "[ ext ]", "basicConstraints = critical, CA:FALSE", ...options.extensions, ""].join("\n"),
  );
  const certPem = scratch.file(`${name}.pem`);
  mustOpenssl(["req", "-new", "-x509", "-config", config, "-extensions", "ext", "-key", key, "-days", "30", "-out", certPem]);
  const der = new Uint8Array(mustOpenssl(["x509", "-in", certPem, "-outform", "DER"]));
  return { certPem, key, der };
}

export function joinPieces(pieces: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(pieces.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
}

export function decryptWithOpenssl(scratch: Scratch, der: Uint8Array, recipient: { certPem: string; key: string }): Buffer {
  const input = scratch.file("msg.der", der);
  return mustOpenssl(["cms", "-decrypt", "-binary", "-inform", "DER", "-in", input, "-inkey", recipient.key, "-recip", recipient.certPem]);
}

export function readBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}

/** The facts of an EnvelopedData / AuthEnvelopedData the tests check, read with asn1js. */
export interface CmsFacts {
  readonly contentType: string;
  readonly version: number;
  readonly recipients: readonly {
    readonly kind: "ktri" | "kari";
    readonly version: number;
    /** ktri: key encryption OID; kari: the KDF scheme OID. */
    readonly algorithm: string;
    /** ktri OAEP parameters / kari wrap algorithm, as hex. */
    readonly parameters: string | null;
  }[];
  readonly contentAlgorithm: string;
  readonly contentParameters: string;
  readonly encryptedLength: number;
  readonly macLength: number | null;
  /** Re-encoding with asn1js gives the same bytes (the lengths we computed are consistent DER). */
  readonly reencodes: boolean;
}

const hex = (node: asn1js.AsnType | undefined): string | null =>
  node === undefined ? null : Buffer.from(node.toBER(false)).toString("hex");

function seq(node: asn1js.AsnType | undefined): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Constructed)) throw new Error("expected a constructed value");
  return node.valueBlock.value;
}

const oidOf = (node: asn1js.AsnType | undefined): string => (node as asn1js.ObjectIdentifier).valueBlock.toString();
const intOf = (node: asn1js.AsnType | undefined): number => (node as asn1js.Integer).valueBlock.valueDec;

export function cmsFacts(der: Uint8Array): CmsFacts {
  const parsed = asn1js.fromBER(der, { parseEmbedded: false, maxContentLength: der.byteLength + 16, maxNodes: 100_000 });
  if (parsed.offset !== der.byteLength) throw new Error(`not one DER value: ${parsed.result.error}`);
  const [type, explicit] = seq(parsed.result);
  const inner = seq(seq(explicit)[0]);
  const [version, infos, eci, mac] = inner;
  const recipients = seq(infos).map((ri) => {
    if (ri.idBlock.tagClass === 3 && ri.idBlock.tagNumber === 1) {
      const [v, , kea] = seq(ri);
      const [kdf, wrap] = seq(kea);
      return { kind: "kari" as const, version: intOf(v), algorithm: oidOf(kdf), parameters: hex(wrap) };
    }
    const [v, , kea] = seq(ri);
    const [alg, params] = seq(kea);
    return { kind: "ktri" as const, version: intOf(v), algorithm: oidOf(alg), parameters: hex(params) };
  });
  const [, contentAlg, encrypted] = seq(eci);
  const [algOid, algParams] = seq(contentAlg);
  const encryptedLength = (encrypted as asn1js.Primitive).valueBlock.valueHexView.byteLength;
  const reencoded = new Uint8Array(parsed.result.toBER(false));
  return {
    contentType: oidOf(type),
    version: intOf(version),
    recipients,
    contentAlgorithm: oidOf(algOid),
    contentParameters: hex(algParams) ?? "",
    encryptedLength,
    macLength: mac === undefined ? null : (mac as asn1js.OctetString).valueBlock.valueHexView.byteLength,
    reencodes: Buffer.from(reencoded).equals(Buffer.from(der)),
  };
}

/** Deterministic content with every byte value and CR/LF in it. */
export function sampleContent(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = i % 61 === 59 ? 13 : i % 61 === 60 ? 10 : x >>> 24;
  }
  return out;
}
