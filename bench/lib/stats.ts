export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Samples {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

export function summarize(values: readonly number[]): Samples {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), samples: values };
}

/**
 * Drops the heap left behind by earlier runs so that one measurement does not pay for another's garbage (hundreds of
 * MB at 50 MB). A full collection also deoptimises compiled code that embedded objects it freed, so the next run
 * re-optimises some functions: the state of a long-lived process that verifies a message now and then, not that of
 * a tight loop.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
