#!/usr/bin/env node
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/cli/inkan.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("inkan: not built yet; run `npm run build` first\n");
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
