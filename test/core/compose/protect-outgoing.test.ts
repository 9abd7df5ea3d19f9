/**
 * protectOutgoing: every copy verifies and decrypts for exactly the people it is for, in our own engine and in
 * OpenSSL (the interop peer); a Bcc recipient is named only in their own copy, by its header and by its
 * RecipientInfos; expected failures come back as results with stable codes.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSigner, type MessageSigner } from "../../../src/core/cms/sign/index.js";
import { OUR_CAPABILITIES } from "../../../src/core/cms/smime-capabilities.js";
import { protectOutgoing, recipientKeysFrom, type ComposeDraft, type OutgoingCopy, type ProtectOptions, type ProtectResult, type RecipientKey } from "../../../src/core/compose/index.js";
import type { Identity } from "../../../src/core/keys/identity.js";
import { scanTransport } from "../../../src/core/mime/build/index.js";
import { decryptMessage } from "../../../src/core/message-crypto.js";
import { decodeBody, decodeText, getHeader, mailboxesOf, parseAddressList, parseMessage } from "../../../src/core/mime/index.js";
import { createVerifier } from "../../../src/core/verify-message.js";
import { ensureFixtures } from "../../fixtures/generate.js";
import { identityFromFiles, pkiIdentity } from "../cms/decrypt/helpers.js";
import { Scratch, cmsFacts, makeCert, type MadeCert } from "../cms/encrypt/helpers.js";
import { derOfFile, identityOf, openssl } from "../cms/sign/helpers.js";
import { draftOf, fieldValue, headerBlock, partOfType, seededRandom } from "./helpers.js";

const fx = await ensureFixtures();
const scratch = new Scratch();
afterAll(() => scratch.remove());

/** Someone who can read mail: the certificate to encrypt to and the key to decrypt with. */
interface Reader {
  readonly address: string;
  readonly cert: MadeCert;
  readonly identity: Identity;
}

const readers: Record<"alice" | "bob" | "carol" | "dave" | "mallory", Reader> = {} as never;
let signer: MessageSigner;
/** The certificates are made for this run: the message date must not precede them. */
let date: Date;
let verifyAt: Date;
const verifier = createVerifier({ trustAnchors: [derOfFile(fx.pki.root.certPem)], useDefaultRoots: false });

beforeAll(async () => {
  const pki = (name: "alice" | "mallory", address: string): Reader => ({
    address,
    cert: { certPem: fx.pki[name].certPem, key: fx.pki[name].key, der: new Uint8Array(readFileSync(fx.pki[name].certDer)) },
    identity: pkiIdentity(fx, name),
  });
  // The test PKI's EC users may only sign; encryption certificates for their keys are made here (key agreement).
  const ec = (name: "bob" | "carol" | "dave", kind: Identity["keyKind"]): Reader => {
    const address = `${name}@example.jp`;
    const cert = makeCert(scratch, `${name}-enc`, {
      key: fx.pki[name].key,
      extensions: ["keyUsage = critical, keyAgreement", "extendedKeyUsage = emailProtection", `subjectAltName = email:${address}`],
    });
    return { address, cert, identity: identityFromFiles(cert.certPem, fx.pki[name].key, kind) };
  };
  Object.assign(readers, {
    alice: pki("alice", "alice@example.jp"),
    mallory: pki("mallory", "mallory@evil.example"),
    bob: ec("bob", "ec-p256"),
    carol: ec("carol", "ec-p384"),
    dave: ec("dave", "ec-p521"),
  });
  const made = await createSigner({ identity: identityOf(fx, "alice", "rsa"), crypto: globalThis.crypto });
  if (!made.ok) throw new Error(made.detail);
  signer = made.signer;
  // Certificates made this second are valid from this second (OpenSSL writes whole seconds).
  date = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
  verifyAt = new Date(date.getTime() + 60_000);
});

const ATTACHMENT = { name: "見積書（改訂版）.pdf", contentType: "application/pdf", content: Uint8Array.from({ length: 2000 }, (_, i) => (i * 31) & 255), inline: false };

function draft(overrides: Partial<ComposeDraft> = {}): ComposeDraft {
  return draftOf({
    from: { name: "Alice Example", address: "alice@example.jp" },
    to: [{ name: "山田 太郎", address: "bob@example.jp" }],
    cc: [{ name: "Carol, Sales", address: "Carol@Example.jp" }],
    bcc: [{ address: "dave@example.jp" }, { name: "Mallory", address: "mallory@evil.example" }],
    subject: "見積書の送付",
    html: "<p>お世話になっております。</p><p>見積書を添付いたします。</p>",
    attachments: [ATTACHMENT],
    ...overrides,
  });
}

/** Keys as the store would give them: Bob and Carol announced AES-GCM; Dave and Mallory announced nothing. */
function keys(): Map<string, RecipientKey> {
  const gcm = { capabilities: OUR_CAPABILITIES };
  return new Map<string, RecipientKey>([
    ["bob@example.jp", { certificate: readers.bob.cert.der, ...gcm }],
    ["carol@example.jp", { certificate: readers.carol.cert.der, ...gcm }],
    ["dave@example.jp", { certificate: readers.dave.cert.der }],
    ["mallory@evil.example", { certificate: readers.mallory.cert.der }],
  ]);
}

function options(overrides: Partial<ProtectOptions> = {}): ProtectOptions {
  return {
    date,
    crypto: globalThis.crypto,
    sign: true,
    encrypt: true,
    signer,
    senderCertificate: readers.alice.cert.der,
    recipientKeys: keys(),
    random: seededRandom(5),
    ...overrides,
  };
}

function copiesOf(result: ProtectResult): readonly OutgoingCopy[] {
  if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
  return result.copies;
}

function addressesIn(copy: OutgoingCopy, field: string): string[] {
  const value = fieldValue(parseMessage(copy.mime), field);
  return value === undefined ? [] : mailboxesOf(parseAddressList(value)).map((m) => m.address.toLowerCase());
}

/** `openssl cms -decrypt` of a copy with one reader's key: the decrypted entity, or null when the key opens nothing. */
function opensslDecrypt(copy: OutgoingCopy, reader: Reader): Buffer | null {
  const r = openssl(["cms", "-decrypt", "-recip", reader.cert.certPem, "-inkey", reader.cert.key], copy.mime);
  return r.ok ? r.stdout : null;
}

function opensslVerify(signed: Uint8Array): { ok: boolean; stderr: string } {
  const r = openssl(["cms", "-verify", "-CAfile", fx.pki.root.certPem, "-purpose", "smimesign", "-out", "/dev/null"], signed);
  return { ok: r.ok, stderr: r.stderr };
}

describe("signed and encrypted, with Bcc recipients", () => {
  let result: ProtectResult;
  let main: OutgoingCopy;
  let bccDave: OutgoingCopy;
  let bccMallory: OutgoingCopy;
  /** For each copy, who may read it and who may not. */
  let audience: [OutgoingCopy, Reader[], Reader[]][];

  beforeAll(async () => {
    result = await protectOutgoing(draft(), options());
    [main, bccDave, bccMallory] = copiesOf(result) as [OutgoingCopy, OutgoingCopy, OutgoingCopy];
    audience = [
      [main, [readers.bob, readers.carol, readers.alice], [readers.dave, readers.mallory]],
      [bccDave, [readers.dave, readers.alice], [readers.bob, readers.carol, readers.mallory]],
      [bccMallory, [readers.mallory, readers.alice], [readers.bob, readers.dave]],
    ];
  });

  it("makes a main copy for To and Cc and one copy per Bcc recipient", () => {
    expect(copiesOf(result).map((c) => [c.kind, c.deliverTo])).toEqual([
      ["main", ["bob@example.jp", "carol@example.jp"]],
      ["bcc", ["dave@example.jp"]],
      ["bcc", ["mallory@evil.example"]],
    ]);
  });

  it("names the Bcc recipients in their own copies' headers only", () => {
    expect(addressesIn(main, "to")).toEqual(["bob@example.jp"]);
    expect(addressesIn(main, "cc")).toEqual(["carol@example.jp"]);
    expect(getHeader(parseMessage(main.mime), "bcc")).toBeUndefined();
    expect(headerBlock(main.mime)).not.toMatch(/dave|mallory/i);
    for (const [copy, address] of [[bccDave, "dave@example.jp"], [bccMallory, "mallory@evil.example"]] as const) {
      const root = parseMessage(copy.mime);
      expect(getHeader(root, "to")).toBeUndefined();
      expect(getHeader(root, "cc")).toBeUndefined();
      expect(addressesIn(copy, "bcc")).toEqual([address]);
      expect(headerBlock(copy.mime)).not.toMatch(/bob@|carol@/i);
    }
  });

  it("encrypts each copy to its recipients and the sender, and to no one else", () => {
    const count = (copy: OutgoingCopy): number => cmsFacts(decodeBody(parseMessage(copy.mime))).recipients.length;
    expect([main, bccDave, bccMallory].map(count)).toEqual([3, 2, 2]);
  });

  it("chooses AES-GCM where every recipient of a copy announced it, and reports the weakest cipher", () => {
    expect([main, bccDave, bccMallory].map((c) => c.cipher)).toEqual(["aes-256-gcm", "aes-256-cbc", "aes-256-cbc"]);
    expect(result.ok && result.cipher).toBe("aes-256-cbc");
  });

  it("writes every copy in 7-bit with CRLF line ends", () => {
    for (const copy of [main, bccDave, bccMallory]) expect(scanTransport(copy.mime)).toBe("canonical");
  });

  it("keeps the same Message-ID in every copy", () => {
    const ids = [main, bccDave, bccMallory].map((c) => fieldValue(parseMessage(c.mime), "message-id"));
    expect(new Set(ids).size).toBe(1);
  });

  it("is verified and decrypted by our engine for every reader, and opened by no one else", async () => {
    for (const [copy, allowed, denied] of audience) {
      for (const reader of allowed) {
        const verdict = await verifier.verify(copy.mime, { now: verifyAt, identities: [reader.identity] });
        expect([copy.kind, reader.address, verdict.status, verdict.encryption]).toEqual([copy.kind, reader.address, "verified", "decrypted"]);
      }
      for (const reader of denied) {
        const verdict = await verifier.verify(copy.mime, { now: verifyAt, identities: [reader.identity] });
        expect([copy.kind, reader.address, verdict.encryption]).toEqual([copy.kind, reader.address, "no-key"]);
      }
    }
  });

  it("decrypts to the message as written: subject, body and attachment", async () => {
    const opened = await decryptMessage(bccDave.mime, [readers.dave.identity], globalThis.crypto.subtle);
    if (!opened.ok) throw new Error(opened.detail);
    const root = parseMessage(opened.message);
    expect(getHeader(root, "subject")?.value).toBe("見積書の送付");
    expect(root.contentType).toMatchObject({ type: "multipart", subtype: "signed" });
    expect(decodeText(partOfType(root, "text/html"))).toBe(draft().html);
    expect(decodeText(partOfType(root, "text/plain"))).toBe("お世話になっております。\r\n見積書を添付いたします。");
    expect(decodeBody(partOfType(root, "application/pdf"))).toEqual(ATTACHMENT.content);
  });

  it("is decrypted and verified by OpenSSL for every reader, and opened by no one else", () => {
    for (const [copy, allowed, denied] of audience) {
      for (const reader of allowed) {
        const entity = opensslDecrypt(copy, reader);
        expect(entity, `${copy.kind} copy for ${reader.address}`).not.toBeNull();
        const verified = opensslVerify(new Uint8Array(entity!));
        expect(verified.stderr).toContain("Verification successful");
        expect(verified.ok).toBe(true);
      }
      for (const reader of denied) expect(opensslDecrypt(copy, reader), `${copy.kind} copy for ${reader.address}`).toBeNull();
    }
  });
});

describe("other settings", () => {
  it("signed only: one copy to everyone, Bcc field kept, verified by our engine and by OpenSSL", async () => {
    const result = await protectOutgoing(draft(), options({ encrypt: false }));
    const [copy, ...rest] = copiesOf(result);
    expect(rest).toEqual([]);
    expect(result.ok && result.cipher).toBeNull();
    expect(copy!.kind).toBe("main");
    expect(copy!.cipher).toBeNull();
    expect(copy!.deliverTo).toEqual(["bob@example.jp", "carol@example.jp", "dave@example.jp", "mallory@evil.example"]);
    expect(addressesIn(copy!, "bcc")).toEqual(["dave@example.jp", "mallory@evil.example"]);
    expect(parseMessage(copy!.mime).contentType).toMatchObject({ type: "multipart", subtype: "signed" });
    const verdict = await verifier.verify(copy!.mime, { now: verifyAt });
    expect([verdict.status, verdict.encryption]).toEqual(["verified", "none"]);
    const peer = opensslVerify(copy!.mime);
    expect(peer.stderr).toContain("Verification successful");
  });

  it("encrypted only: unsigned inside, readable by the recipient through OpenSSL", async () => {
    const result = await protectOutgoing(draft({ bcc: [] }), options({ sign: false, signer: undefined }));
    const [copy] = copiesOf(result);
    const verdict = await verifier.verify(copy!.mime, { now: verifyAt, identities: [readers.carol.identity] });
    expect([verdict.status, verdict.encryption, verdict.integrity]).toEqual(["unsigned", "decrypted", "aead"]);
    const entity = opensslDecrypt(copy!, readers.bob);
    expect(entity).not.toBeNull();
    expect(parseMessage(new Uint8Array(entity!)).contentType).toMatchObject({ type: "multipart", subtype: "mixed" });
  });

  it("neither signed nor encrypted: the plain message, Bcc field kept", async () => {
    const result = await protectOutgoing(draft(), options({ sign: false, encrypt: false }));
    const [copy] = copiesOf(result);
    expect(parseMessage(copy!.mime).contentType).toMatchObject({ type: "multipart", subtype: "mixed" });
    expect(addressesIn(copy!, "bcc")).toEqual(["dave@example.jp", "mallory@evil.example"]);
  });

  it("uses the cipher asked for in every copy", async () => {
    const result = await protectOutgoing(draft(), options({ cipher: "aes-128-cbc" }));
    expect(copiesOf(result).map((c) => c.cipher)).toEqual(["aes-128-cbc", "aes-128-cbc", "aes-128-cbc"]);
    expect(result.ok && result.cipher).toBe("aes-128-cbc");
  });

  it("encrypts to the sender's own certificate when the sender is a recipient", async () => {
    const result = await protectOutgoing(draft({ to: [{ address: "Alice@example.jp" }], cc: [], bcc: [] }), options({ recipientKeys: new Map() }));
    const [copy] = copiesOf(result);
    expect(copy!.deliverTo).toEqual(["alice@example.jp"]);
    expect(cmsFacts(decodeBody(parseMessage(copy!.mime))).recipients).toHaveLength(1);
  });

  it("gives a Bcc address that is also in To the main copy only, and makes no main copy for Bcc alone", async () => {
    const both = await protectOutgoing(draft({ cc: [], bcc: [{ address: "BOB@example.jp" }, { address: "dave@example.jp" }] }), options());
    expect(copiesOf(both).map((c) => [c.kind, c.deliverTo])).toEqual([
      ["main", ["bob@example.jp"]],
      ["bcc", ["dave@example.jp"]],
    ]);
    const bccOnly = await protectOutgoing(draft({ to: [], cc: [], bcc: [{ address: "dave@example.jp" }] }), options());
    expect(copiesOf(bccOnly).map((c) => c.kind)).toEqual(["bcc"]);
  });

  it("takes its keys from contact records", async () => {
    const contacts = [
      { address: "bob@example.jp", certificate: readers.bob.cert.der, notBefore: "2000-01-01T00:00:00Z", notAfter: "2999-01-01T00:00:00Z", source: "harvested", verified: true },
    ] as const;
    const result = await protectOutgoing(draft({ cc: [], bcc: [] }), options({ recipientKeys: recipientKeysFrom(contacts, date) }));
    expect(copiesOf(result)).toHaveLength(1);
  });
});

describe("refusals", () => {
  it("no recipient at all", async () => {
    const result = await protectOutgoing(draft({ to: [], cc: [], bcc: [] }), options());
    expect(result).toMatchObject({ ok: false, code: "no-recipients" });
  });

  it("missing certificates: every address without one, lower-cased, before anything is signed", async () => {
    const partial = new Map([...keys()].filter(([address]) => address === "bob@example.jp"));
    let signed = false;
    const watching: MessageSigner = { ...signer, signMessage: (m, c) => ((signed = true), signer.signMessage(m, c)) };
    const result = await protectOutgoing(draft(), options({ recipientKeys: partial, signer: watching }));
    expect(result).toMatchObject({ ok: false, code: "missing-certificates", addresses: ["carol@example.jp", "dave@example.jp", "mallory@evil.example"] });
    expect(signed).toBe(false);
  });

  it("missing certificates are no concern when not encrypting", async () => {
    const result = await protectOutgoing(draft(), options({ encrypt: false, recipientKeys: new Map() }));
    expect(result.ok).toBe(true);
  });

  it("the signer refuses a From its certificate does not name: sign-failed with the signer's code", async () => {
    const result = await protectOutgoing(draft({ from: { address: "bob@example.jp" } }), options({ encrypt: false }));
    expect(result).toMatchObject({ ok: false, code: "sign-failed" });
    expect(!result.ok && result.detail.startsWith("email-mismatch:")).toBe(true);
    const encrypted = await protectOutgoing(draft({ from: { address: "bob@example.jp" } }), options({ senderCertificate: readers.bob.cert.der }));
    expect(!encrypted.ok && encrypted.code === "sign-failed" && encrypted.detail.startsWith("email-mismatch:")).toBe(true);
  });

  it("signing asked for without a signer", async () => {
    expect(await protectOutgoing(draft(), options({ signer: undefined }))).toMatchObject({ ok: false, code: "sign-failed" });
  });

  it("a recipient certificate the engine refuses: encrypt-failed naming the address", async () => {
    const expired = new Map(keys()).set("carol@example.jp", { certificate: derOfFile(fx.pki.expired.certPem) });
    const result = await protectOutgoing(draft(), options({ recipientKeys: expired }));
    expect(result).toMatchObject({ ok: false, code: "encrypt-failed", addresses: ["carol@example.jp"] });
    expect(!result.ok && result.detail).toContain("recipient-expired");
  });

  it("encrypting without the sender's own certificate", async () => {
    const result = await protectOutgoing(draft(), options({ senderCertificate: undefined }));
    expect(result).toMatchObject({ ok: false, code: "encrypt-failed", addresses: ["alice@example.jp"] });
  });

  it("a draft that cannot be written: malformed-draft with the problem's code", async () => {
    const inline = { name: "logo.png", contentType: "image/png", content: new Uint8Array(4), inline: true };
    const result = await protectOutgoing(draft({ attachments: [inline] }), options());
    expect(result).toMatchObject({ ok: false, code: "malformed-draft" });
    expect(!result.ok && result.detail.startsWith("inline-without-content-id:")).toBe(true);
    const bad = await protectOutgoing(draft({ to: [{ address: "Bob@例え.jp" }] }), options());
    expect(bad).toMatchObject({ ok: false, code: "malformed-draft", addresses: ["bob@例え.jp"] });
  });
});
