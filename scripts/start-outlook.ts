/**
 * npm run start:outlook [desktop|web]: serves the task pane over https and sideloads manifest.xml into Outlook with
 * Microsoft's office-addin-debugging. Those tools are not dependencies of the project (they need a desktop with
 * Outlook, which CI and the build machines do not have), so this script says what to install when they are missing.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const REQUIRED = ["office-addin-debugging", "office-addin-dev-certs"] as const;

const HELP = `npm run start:outlook runs the add-in inside Outlook. It needs:
  1. Microsoft's add-in tools:   npm install --save-dev office-addin-debugging office-addin-dev-certs
  2. trusted localhost certificates (Outlook loads add-ins over https only):
                                 npx office-addin-dev-certs install
  3. Outlook: the desktop app on Windows or Mac (platform "desktop", the default), or Outlook on the web
     (platform "web") with a Microsoft 365 mailbox that may sideload add-ins.
Without Outlook, "npm start" serves the standalone checker page on http://localhost:3000/taskpane.html.`;

function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

const missing = REQUIRED.filter((name) => !installed(name));
if (missing.length > 0) {
  console.error(`Not installed: ${missing.join(", ")}.\n\n${HELP}`);
  process.exit(2);
}

const platform = process.argv[2] ?? "desktop";
const run = spawnSync(
  "npx",
  [
    "--no-install",
    "office-addin-debugging",
    "start",
    "manifest.xml",
    platform,
    "--app",
    "outlook",
    "--dev-server",
    "npx webpack serve --mode development --env https",
    "--dev-server-port",
    "3000",
  ],
  { stdio: "inherit" },
);
process.exit(run.status ?? 1);
