/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) on a machine without DevTools: `node --import tsx
 * bench/cpuprofile-summary.ts FILE [--min 2] [--depth 12]` prints the functions with the most self time, then the
 * call tree down to frames that take at least --min percent. Calls after an `await` start a new tree at the root,
 * so an async function's total is split between its own node and those continuations.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const TOP_SELF = 25;

function option(args: readonly string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
if (file === undefined) {
  process.stderr.write("usage: cpuprofile-summary.ts FILE.cpuprofile [--min PERCENT] [--depth N]\n");
  process.exit(2);
}
const minPercent = option(args, "--min", 2);
const maxDepth = option(args, "--depth", 12);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/node_modules\//, "").replace(/^file:\/\/.*?\/(src|dist|bench)\//, "$1/");
  return `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
}

const inclusiveUs = new Map<number, number>();
function inclusive(id: number): number {
  const known = inclusiveUs.get(id);
  if (known !== undefined) return known;
  let sum = selfUs.get(id) ?? 0;
  for (const child of byId.get(id)?.children ?? []) sum += inclusive(child);
  inclusiveUs.set(id, sum);
  return sum;
}

const ms = (us: number): string => `${(us / 1000).toFixed(1)} ms`.padStart(10);
const pct = (us: number): string => `${((100 * us) / totalUs).toFixed(1)}%`.padStart(6);

const selfByLabel = new Map<string, number>();
for (const [id, us] of selfUs) {
  const key = label(byId.get(id)!);
  selfByLabel.set(key, (selfByLabel.get(key) ?? 0) + us);
}
const lines = [`total ${ms(totalUs).trim()} sampled`, "", "self time:"];
for (const [key, us] of [...selfByLabel].sort((a, b) => b[1] - a[1]).slice(0, TOP_SELF)) lines.push(`${ms(us)} ${pct(us)}  ${key}`);
lines.push("", `call tree (frames >= ${minPercent}%; same-named siblings merged):`);

/** Siblings with the same label are merged, so that recursion and repeated calls read as one line. */
function tree(ids: readonly number[], depth: number): void {
  const groups = new Map<string, { us: number; children: number[] }>();
  for (const id of ids) {
    const node = byId.get(id)!;
    const group = groups.get(label(node)) ?? { us: 0, children: [] };
    group.us += inclusive(id);
    group.children.push(...(node.children ?? []));
    groups.set(label(node), group);
  }
  for (const [key, group] of [...groups].sort((a, b) => b[1].us - a[1].us)) {
    if ((100 * group.us) / totalUs < minPercent) continue;
    lines.push(`${ms(group.us)} ${pct(group.us)}  ${"  ".repeat(depth)}${key}`);
    if (depth < maxDepth) tree(group.children, depth + 1);
  }
}
tree([profile.nodes[0]!.id], 0);
process.stdout.write(`${lines.join("\n")}\n`);
