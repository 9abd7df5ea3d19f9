import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command, CommanderError } from "commander";
import type { ContentCipher } from "../core/cms/encrypt/index.js";
import { createSigner, signMessage, type SignOptions } from "../core/cms/sign/index.js";
import { inspectFile, type Inspection } from "../core/inspect.js";
import type { Identity, IdentityError } from "../core/keys/identity.js";
import { importKeyAndCertificates } from "../core/keys/import-key-files.js";
import { importPkcs12 } from "../core/keys/import-pkcs12.js";
import { decryptMessage, encryptMessage } from "../core/message-crypto.js";
import { certificatesFromFile, looksLikePem } from "../core/pki/pem.js";
import { createVerifier } from "../core/verify-message.js";
import type { EncryptRecipient } from "../core/cms/encrypt/index.js";
import { expiryState } from "../store/expiry.js";
import { openFileStore, type FileStore, type FileStoreError } from "../store/file-store.js";
import type { AddAnchorResult, AnchorRecord, ContactRecord, HarvestCode } from "../store/types.js";
import { nodeStreamingCipher } from "./node-streaming-cipher.js";
import { formatVerdict } from "./report.js";

export interface Io {
  readonly stdout: (text: string) => void;
  /** Binary output (signed, encrypted or decrypted messages) when no -o file is given. */
  readonly stdoutBytes: (bytes: Uint8Array) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<Uint8Array>;
}

/** Exit codes are a contract: 0 verified / success, 1 any other verdict, 2 bad usage or unreadable input. */
export const EXIT_OK = 0;
export const EXIT_NOT_VERIFIED = 1;
export const EXIT_USAGE = 2;

class UsageError extends Error {}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stdoutBytes: (b) => process.stdout.write(b),
  stderr: (t) => process.stderr.write(t),
  readStdin,
};

async function readInput(path: string | undefined, io: Io): Promise<Uint8Array> {
  if (path === undefined || path === "-") return io.readStdin();
  try {
    const buf = await readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function readTrust(paths: readonly string[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const p of paths) {
    const certs = certificatesFromFile(await readInput(p, defaultIo));
    if (certs.length === 0) throw new UsageError(`${p} holds no certificate (expected PEM or DER)`);
    out.push(...certs);
  }
  return out;
}

function parseAt(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--at: "${text}" is not an ISO 8601 time (e.g. 2024-05-01T12:00:00Z)`);
  return d;
}

function formatInspection(item: Inspection, indent = ""): string {
  let out = `${indent}${item.title}\n`;
  for (const [label, value] of item.facts) out += `${indent}  ${label}: ${value}\n`;
  for (const child of item.children) out += formatInspection(child, `${indent}  `);
  return out;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const IDENTITY_ERRORS = {
  "wrong-password": "wrong password",
  corrupt: "the file is damaged or is not a PKCS #12 / key file",
  "no-private-key": "the file holds no private key",
  "no-certificate": "the file holds no certificate",
  "key-mismatch": "the private key does not belong to the certificate",
  unsupported: "the file uses an algorithm this program does not support",
} as const satisfies Record<IdentityError, string>;

/** The password is the first line of the file; its line ending is not part of it. */
async function readPassword(file: string | undefined, io: Io): Promise<string> {
  if (file === undefined) throw new UsageError("--password-file is required with --identity");
  const text = new TextDecoder().decode(await readInput(file, io));
  return text.split(/\r?\n/, 1)[0] ?? "";
}

async function loadIdentities(file: string | undefined, passwordFile: string | undefined, io: Io): Promise<Identity[]> {
  if (file === undefined) throw new UsageError("--identity is required");
  const bytes = await readInput(file, io);
  const password = await readPassword(passwordFile, io);
  const subtle = globalThis.crypto.subtle;
  // A PEM file with a key and its certificates works as well as a .p12.
  const imported = looksLikePem(bytes) ? await importKeyAndCertificates(bytes, [], password, subtle) : await importPkcs12(bytes, password, subtle);
  if (!imported.ok) throw new UsageError(`${file}: ${IDENTITY_ERRORS[imported.error]} (${imported.detail})`);
  return [...imported.identities];
}

async function writeOutput(out: string | undefined, bytes: Uint8Array, io: Io): Promise<void> {
  if (out === undefined || out === "-") {
    io.stdoutBytes(bytes);
    return;
  }
  try {
    await writeFile(out, bytes);
  } catch (e) {
    throw new UsageError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const STORE_ERRORS = {
  unreadable: "cannot be read",
  damaged: "is damaged or is not an inkan store file",
  "newer-version": "was written by a newer inkan",
} as const satisfies Record<FileStoreError, string>;

const STORE_OPTION_HELP = "a folder with inkan's file store (trust anchors and partners' certificates; never private keys)";

async function openStoreDir(dir: string): Promise<FileStore> {
  const opened = await openFileStore(dir);
  if (!opened.ok) throw new UsageError(`--store ${dir}: the store file ${STORE_ERRORS[opened.code]} (${opened.detail})`);
  return opened.store;
}

/** What verify --store says on standard error after a verified message (standard output keeps the verdict only). */
const HARVEST_NOTES = {
  added: "remembered the signer's certificate: you can now encrypt to this address with --to ADDRESS --store",
  "replaced-older": "the signer has a newer certificate: remembered it in place of the older one",
  "replaced-invalid": "the stored certificate for this address had expired: remembered the signer's current one",
  "replaced-unverified": "remembered the signer's verified certificate in place of an unverified one",
  "seen-again": "the signer's certificate is already remembered",
  "kept-verified": "kept the verified certificate already remembered for this address",
  "kept-valid": "kept the valid certificate already remembered for this address (the signer's has expired or is not yet valid)",
  "kept-newer": "kept the newer certificate already remembered for this address",
  "not-eligible": "nothing remembered: only verified messages feed the store",
  "needs-confirmation": "nothing remembered: the certificate is not trusted",
  "no-address": "nothing remembered: the signer's certificate does not name the From address",
  "storage-failed": "could not write the store; nothing remembered",
} as const satisfies Record<HarvestCode, string>;

const ANCHOR_ERRORS = {
  unreadable: "is not a certificate (expected PEM or DER)",
  "no-certificate": "holds no certificate",
  "several-certificates": "holds several certificates; add one CA at a time",
  "bad-label": "needs a --label of 1 to 200 characters",
  "storage-failed": "could not be added: the store could not be written",
} as const satisfies Record<Extract<AddAnchorResult, { ok: false }>["code"], string>;

/** A --to value: a certificate file, or with --store an address whose certificate the store holds. */
async function recipientFor(to: string, store: FileStore | null, io: Io): Promise<EncryptRecipient> {
  let bytes: Uint8Array | null = null;
  try {
    const buf = await readFile(to);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!(code === "ENOENT" && to.includes("@"))) throw new UsageError(`cannot read ${to}: ${code ?? (e as Error).message}`);
  }
  if (bytes !== null) {
    const [first] = certificatesFromFile(bytes);
    if (!first) throw new UsageError(`${to} holds no certificate (expected PEM or DER)`);
    return { certificate: first };
  }
  if (store === null) throw new UsageError(`${to}: no such file; to encrypt to an address, give --store DIR`);
  const contact = await store.contactFor(to);
  if (contact === null) throw new UsageError(`${to}: the store holds no certificate for this address`);
  if (!contact.verified) io.stderr(`inkan: note: the certificate for ${contact.address} was ${contact.source === "imported" ? "imported by hand" : "accepted without a trusted chain"}, not verified\n`);
  return { certificate: contact.encryptionCertificate ?? contact.certificate, ...(contact.capabilities ? { capabilities: contact.capabilities } : {}) };
}

function anchorLine(a: AnchorRecord): string {
  return `  ${a.fingerprint}  ${a.label}\n    ${a.subject}, valid until ${a.notAfter.slice(0, 10)}\n`;
}

function contactLine(c: ContactRecord, now: Date): string {
  const state = expiryState(c.notBefore, c.notAfter, now);
  const expiry = state === "valid" ? "" : ` [${state}]`;
  return `  ${c.address}  ${c.verified ? "verified" : "unverified"} (${c.source}), valid until ${c.notAfter.slice(0, 10)}${expiry}\n    ${c.subject}; seen ${c.firstSeen.slice(0, 10)} to ${c.lastSeen.slice(0, 10)}\n`;
}

const DIGESTS = { sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" } as const;
const CIPHERS: readonly ContentCipher[] = ["aes-256-gcm", "aes-128-gcm", "aes-256-cbc", "aes-128-cbc"];

interface SignCliOptions {
  identity?: string;
  passwordFile?: string;
  opaque?: boolean;
  digest: string;
  pss?: boolean;
  o?: string;
  batch?: string;
}

async function runSign(input: string | undefined, opts: SignCliOptions, io: Io): Promise<number> {
  const digest = DIGESTS[opts.digest as keyof typeof DIGESTS];
  if (!digest) throw new UsageError(`--digest must be one of ${Object.keys(DIGESTS).join(", ")}`);
  const [identity] = await loadIdentities(opts.identity, opts.passwordFile, io);
  const options = (now: Date): SignOptions => ({
    identity: identity!,
    crypto: globalThis.crypto,
    now,
    opaque: opts.opaque === true,
    digest,
    scheme: opts.pss ? "rsa-pss" : undefined,
  });
  if (opts.batch !== undefined) {
    if (opts.o === undefined) throw new UsageError("--batch needs -o DIR for the signed messages");
    let names: string[];
    try {
      names = (await readdir(opts.batch)).filter((n) => n.toLowerCase().endsWith(".eml")).sort();
    } catch (e) {
      throw new UsageError(`cannot read ${opts.batch}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    // The identity is checked and its key imported once: a refusal there holds for every message alike.
    const made = await createSigner(options(new Date()));
    if (!made.ok) {
      io.stderr(`inkan: cannot sign: ${made.error}: ${made.detail}\n`);
      return EXIT_NOT_VERIFIED;
    }
    await mkdir(opts.o, { recursive: true });
    let failed = 0;
    for (const name of names) {
      const signed = await made.signer.signMessage(await readInput(path.join(opts.batch, name), io), { now: new Date(), opaque: opts.opaque === true });
      if (!signed.ok) {
        failed++;
        io.stderr(`inkan: ${name}: ${signed.error}: ${signed.detail}\n`);
        continue;
      }
      await writeOutput(path.join(opts.o, name), signed.message, io);
    }
    io.stderr(`inkan: signed ${names.length - failed} of ${names.length} messages into ${opts.o}\n`);
    return failed === 0 ? EXIT_OK : EXIT_NOT_VERIFIED;
  }
  const signed = await signMessage(await readInput(input, io), options(new Date()));
  if (!signed.ok) {
    io.stderr(`inkan: cannot sign: ${signed.error}: ${signed.detail}\n`);
    return signed.error === "malformed-message" ? EXIT_USAGE : EXIT_NOT_VERIFIED;
  }
  await writeOutput(opts.o, signed.message, io);
  return EXIT_OK;
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command("inkan")
    .description("S/MIME for everyone: check who really sent a mail, sign and encrypt it")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  program
    .command("verify")
    .description("check every signature of a message and say whether it really comes from its From address")
    .argument("[message]", "the .eml file (or - for standard input)")
    .option("--trust <ca.pem>", "also trust this CA certificate (repeatable)", collect, [])
    .option("--no-default-roots", "do not trust the built-in publicly trusted S/MIME roots")
    .option("--at <iso-time>", "check validity as of this time instead of now")
    .option("--identity <id.p12>", "decrypt with this PKCS #12 identity")
    .option("--password-file <file>", "the identity's password, on the first line")
    .option("--json", "print the verdict as JSON")
    .option("--store <dir>", `${STORE_OPTION_HELP}: also trust its anchors, and remember the signer's certificate of a verified message`)
    .action(async (message: string | undefined, opts: { trust: string[]; defaultRoots: boolean; at?: string; identity?: string; passwordFile?: string; json?: boolean; store?: string }) => {
      const now = parseAt(opts.at);
      const store = opts.store !== undefined ? await openStoreDir(opts.store) : null;
      const trustAnchors = [...(await readTrust(opts.trust)), ...(store ? await store.anchorCertificates() : [])];
      const identities = opts.identity !== undefined ? await loadIdentities(opts.identity, opts.passwordFile, io) : [];
      const bytes = await readInput(message, io);
      const { verdict, signer } = await createVerifier({ now, trustAnchors, useDefaultRoots: opts.defaultRoots, identities }).verifyWithSigner(bytes);
      io.stdout(opts.json ? `${JSON.stringify(verdict, null, 2)}\n` : formatVerdict(verdict));
      if (store !== null && verdict.status === "verified") {
        const decision = await store.harvest({ status: verdict.status, fromAddress: verdict.from?.address ?? null, signer });
        io.stderr(`inkan: ${HARVEST_NOTES[decision.code]}\n`);
      }
      setExit(verdict.status === "verified" ? EXIT_OK : EXIT_NOT_VERIFIED);
    });

  program
    .command("inspect")
    .description("explain what a file is: .eml, .p7m, .p7s, .p12, .pem, .cer")
    .argument("[file]", "the file (or - for standard input)")
    .option("--json", "print the description as JSON")
    .action(async (file: string | undefined, opts: { json?: boolean }) => {
      const bytes = await readInput(file, io);
      const item = await inspectFile(bytes);
      io.stdout(opts.json ? `${JSON.stringify(item, null, 2)}\n` : formatInspection(item));
      setExit(EXIT_OK);
    });

  program
    .command("sign")
    .description("sign a message with your certificate (multipart/signed, readable without S/MIME)")
    .argument("[message]", "the .eml file (or - for standard input)")
    .option("--identity <id.p12>", "your PKCS #12 file (or a PEM file with key and certificate)")
    .option("--password-file <file>", "its password, on the first line")
    .option("--opaque", "write application/pkcs7-mime signed-data instead of multipart/signed")
    .option("--digest <name>", "sha256, sha384 or sha512", "sha256")
    .option("--pss", "use RSASSA-PSS instead of RSA PKCS#1 v1.5 (RSA keys)")
    .option("-o <file>", "write here instead of standard output")
    .option("--batch <dir>", "sign every .eml in DIR with the key loaded once, into the folder given by -o")
    .action(async (input: string | undefined, opts: SignCliOptions) => setExit(await runSign(input, opts, io)));

  program
    .command("encrypt")
    .description("encrypt a message for one or more recipients (include yourself to keep a readable copy)")
    .argument("[message]", "the .eml file (or - for standard input)")
    .option("--to <cert.pem>", "a recipient's certificate, or with --store an address whose certificate the store holds (repeatable)", collect, [])
    .option("--cipher <name>", CIPHERS.join(", "))
    .option("--force", "encrypt even to certificates that have expired, are not yet valid or carry no e-mail address")
    .option("-o <file>", "write here instead of standard output")
    .option("--store <dir>", STORE_OPTION_HELP)
    .action(async (input: string | undefined, opts: { to: string[]; cipher?: string; force?: boolean; o?: string; store?: string }) => {
      if (opts.to.length === 0) throw new UsageError("encrypt needs at least one --to certificate");
      if (opts.cipher !== undefined && !CIPHERS.includes(opts.cipher as ContentCipher)) {
        throw new UsageError(`--cipher must be one of ${CIPHERS.join(", ")}`);
      }
      const store = opts.store !== undefined ? await openStoreDir(opts.store) : null;
      const recipients: EncryptRecipient[] = [];
      for (const to of opts.to) recipients.push(await recipientFor(to, store, io));
      const result = await encryptMessage(await readInput(input, io), recipients, {
        crypto: globalThis.crypto,
        now: new Date(),
        cipher: opts.cipher as ContentCipher | undefined,
        force: opts.force === true,
        streamingCipher: nodeStreamingCipher,
      });
      if (!result.ok) {
        const which = "recipient" in result && result.recipient !== undefined ? ` (${opts.to[result.recipient]})` : "";
        throw new UsageError(`cannot encrypt: ${result.error}${which}: ${result.detail}`);
      }
      await writeOutput(opts.o, result.message, io);
      setExit(EXIT_OK);
    });

  program
    .command("decrypt")
    .description("decrypt a message with your key; the result may still be signed (check it with inkan verify)")
    .argument("[message]", "the .eml file (or - for standard input)")
    .option("--identity <id.p12>", "your PKCS #12 file (or a PEM file with key and certificate)")
    .option("--password-file <file>", "its password, on the first line")
    .option("-o <file>", "write here instead of standard output")
    .action(async (input: string | undefined, opts: { identity?: string; passwordFile?: string; o?: string }) => {
      const identities = await loadIdentities(opts.identity, opts.passwordFile, io);
      const result = await decryptMessage(await readInput(input, io), identities, globalThis.crypto.subtle);
      if (!result.ok) {
        const detail = result.error === "no-key" && result.recipients.length > 0 ? ` It was encrypted for: ${result.recipients.join("; ")}` : "";
        io.stderr(`inkan: cannot decrypt: ${result.error}: ${result.detail}${detail}\n`);
        setExit(result.error === "malformed" ? EXIT_USAGE : EXIT_NOT_VERIFIED);
        return;
      }
      if (result.outcome.integrity === "none") {
        io.stderr("inkan: note: this message used CBC encryption, which does not detect tampering in transit\n");
      }
      await writeOutput(opts.o, result.message, io);
      setExit(EXIT_OK);
    });
  const storeCommand = program
    .command("store")
    .description("manage the file store that --store uses: trust anchors (e.g. your organisation's CA) and partners' certificates. It never holds private keys: give your own key as a .p12 with --identity");
  storeCommand
    .command("list")
    .description("list the trust anchors and the partners' certificates in the store")
    .requiredOption("--store <dir>", STORE_OPTION_HELP)
    .option("--json", "print as JSON")
    .action(async (opts: { store: string; json?: boolean }) => {
      const store = await openStoreDir(opts.store);
      const [anchors, contacts] = [await store.listAnchors(), await store.listContacts()];
      const now = new Date();
      if (opts.json) {
        const strip = <T extends { certificate: Uint8Array }>({ certificate: _c, ...rest }: T) => rest;
        const listed = {
          anchors: anchors.map(strip),
          contacts: contacts.map((c) => {
            const { encryptionCertificate: _e, capabilities: _caps, encryptionKeyPreference: _p, ...rest } = strip(c);
            return { ...rest, expiry: expiryState(c.notBefore, c.notAfter, now) };
          }),
        };
        io.stdout(`${JSON.stringify(listed, null, 2)}\n`);
      } else {
        io.stdout(`Trust anchors (${anchors.length}):\n${anchors.map(anchorLine).join("")}Partners' certificates (${contacts.length}):\n${contacts.map((c) => contactLine(c, now)).join("")}`);
      }
      setExit(EXIT_OK);
    });
  storeCommand
    .command("add-anchor")
    .description("trust a CA certificate (PEM or DER) for verify --store; adding it again changes its label")
    .argument("<ca-file>", "the CA certificate")
    .requiredOption("--label <text>", "what to call it, e.g. \"Example Corp private CA\"")
    .requiredOption("--store <dir>", STORE_OPTION_HELP)
    .action(async (file: string, opts: { label: string; store: string }) => {
      const store = await openStoreDir(opts.store);
      const added = await store.addAnchor(await readInput(file, io), opts.label);
      if (!added.ok) throw new UsageError(`${file} ${ANCHOR_ERRORS[added.code]}${added.code === "storage-failed" ? ` (${added.detail})` : ""}`);
      io.stdout(`${added.outcome === "added" ? "added" : "relabelled"}: ${added.anchor.fingerprint}  ${added.anchor.label}\n`);
      setExit(EXIT_OK);
    });
  storeCommand
    .command("remove-anchor")
    .description("stop trusting a CA added with add-anchor (exit 1 when the store has no such anchor)")
    .argument("<fingerprint>", "its SHA-256 fingerprint as store list shows it (colons and case do not matter)")
    .requiredOption("--store <dir>", STORE_OPTION_HELP)
    .action(async (fingerprint: string, opts: { store: string }) => {
      const store = await openStoreDir(opts.store);
      const removed = await store.removeAnchor(fingerprint);
      if (!removed.ok) throw new UsageError(`the store could not be written (${removed.detail})`);
      if (removed.outcome === "not-found") {
        io.stderr(`inkan: the store has no anchor ${fingerprint}\n`);
        setExit(EXIT_NOT_VERIFIED);
        return;
      }
      io.stdout(`removed: ${fingerprint}\n`);
      setExit(EXIT_OK);
    });
  return program;
}

/** Runs the command line; returns the exit code. Never throws for bad input. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.stderr(`inkan: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`inkan: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_USAGE;
  }
}
