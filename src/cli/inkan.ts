import { readFile } from "node:fs/promises";
import { Command, CommanderError, Option } from "commander";
import { inspectFile, type Inspection } from "../core/inspect.js";
import { certificatesFromFile } from "../core/pki/pem.js";
import { verifyMessage } from "../core/verify-message.js";
import { formatVerdict } from "./report.js";

export interface Io {
  readonly stdout: (text: string) => void;
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

function notYet(command: string): never {
  throw new UsageError(`inkan ${command} is not available in this version yet (verification and inspection are)`);
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
    .action(async (message: string | undefined, opts: { trust: string[]; defaultRoots: boolean; at?: string; identity?: string; json?: boolean }) => {
      if (opts.identity) notYet("verify --identity");
      const now = parseAt(opts.at);
      const trustAnchors = await readTrust(opts.trust);
      const bytes = await readInput(message, io);
      const verdict = await verifyMessage(bytes, { now, trustAnchors, useDefaultRoots: opts.defaultRoots });
      io.stdout(opts.json ? `${JSON.stringify(verdict, null, 2)}\n` : formatVerdict(verdict));
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

  for (const name of ["sign", "encrypt", "decrypt"]) {
    program
      .command(name)
      .description(`(${name} is not available in this version yet)`)
      .allowUnknownOption()
      .addOption(new Option("-o <file>").hideHelp())
      .argument("[args...]")
      .action(() => notYet(name));
  }
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
