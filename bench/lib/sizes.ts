export interface BenchSize {
  readonly label: string;
  readonly bytes: number;
  /** Timed runs after one warm-up; fewer for large sizes, where one run takes long and varies little. */
  readonly runs: number;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** The message sizes every benchmark measures: a plain mail, a typical attachment, a large one, the upper end. */
export const BENCH_SIZES: readonly BenchSize[] = [
  { label: "100 KB", bytes: 100 * KIB, runs: 7 },
  { label: "1 MB", bytes: 1 * MIB, runs: 7 },
  { label: "10 MB", bytes: 10 * MIB, runs: 5 },
  { label: "50 MB", bytes: 50 * MIB, runs: 3 },
];

/** A small message verified first in the memory probes, so that loading and compiling the code is not counted
 * as the cost of the message being measured. */
export const WARM_UP_SIZE: BenchSize = { label: "10 KB", bytes: 10 * KIB, runs: 1 };

/** Sizes chosen with `--sizes 100KB,1MB` (case and spaces ignored); all of them without the flag. */
export function selectSizes(args: readonly string[]): BenchSize[] {
  const at = args.indexOf("--sizes");
  if (at < 0) return [...BENCH_SIZES];
  const wanted = (args[at + 1] ?? "").split(",").map(normalize).filter((s) => s !== "");
  const chosen = BENCH_SIZES.filter((s) => wanted.includes(normalize(s.label)));
  if (chosen.length !== wanted.length) {
    throw new Error(`--sizes takes a comma-separated list of ${BENCH_SIZES.map((s) => s.label.replace(" ", "")).join(", ")}`);
  }
  return chosen;
}

function normalize(label: string): string {
  return label.replace(/\s+/g, "").toLowerCase();
}

export function mib(bytes: number): number {
  return bytes / MIB;
}
