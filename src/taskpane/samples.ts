import type { Status } from "../core/verdict-types.js";

/**
 * The sample messages the standalone page offers, one per status. They are fixtures of the project's test PKI,
 * copied next to the page by the web build (webpack.config.js reads this list); their statuses hold only when the
 * test root is trusted, which the page does for these files and nothing else.
 */
export const SAMPLES = [
  { fixture: "detached-rsa", status: "verified" },
  { fixture: "cert-self-signed", status: "untrusted" },
  { fixture: "from-other-address", status: "mismatch" },
  { fixture: "tampered-content", status: "invalid" },
  { fixture: "partial-footer-after", status: "partial" },
  { fixture: "unsigned", status: "unsigned" },
] as const satisfies readonly { readonly fixture: string; readonly status: Status }[];

export type Sample = (typeof SAMPLES)[number];

/** Where the build puts the samples, relative to taskpane.html. */
export const SAMPLES_DIR = "samples";
/** The test PKI's root certificate, in DER (and beside it in PEM, for people who want to look at it). */
export const SAMPLE_ROOT_FILE = "inkan-test-root.der";

export const sampleFileName = (sample: Sample): string => `${sample.fixture}.eml`;

export interface LoadedSample {
  readonly name: string;
  readonly eml: Uint8Array;
  readonly root: Uint8Array;
}

export type Fetch = (url: string) => Promise<{ readonly ok: boolean; arrayBuffer(): Promise<ArrayBuffer> }>;

/** Fetches a sample and the root that makes it mean what its status says; null when either cannot be had. */
export async function loadSample(sample: Sample, fetcher: Fetch = (url) => fetch(url)): Promise<LoadedSample | null> {
  try {
    const [eml, root] = await Promise.all(
      [sampleFileName(sample), SAMPLE_ROOT_FILE].map(async (file) => {
        const response = await fetcher(`${SAMPLES_DIR}/${file}`);
        if (!response.ok) throw new Error(`${file}: not found`);
        return new Uint8Array(await response.arrayBuffer());
      }),
    );
    return { name: sampleFileName(sample), eml: eml!, root: root! };
  } catch {
    return null;
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
