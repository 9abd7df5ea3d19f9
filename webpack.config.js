// Builds the task pane into dist/: taskpane.html with its scripts, public/, the manifest and the sample messages.
// dist/cli and dist/core (the command-line tool, built by tsc) are left alone.
// `npm run build:web` for production, `npm start` for the dev server on http://localhost:3000/taskpane.html.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import CopyWebpackPlugin from "copy-webpack-plugin";
import { EsbuildPlugin } from "esbuild-loader";
import HtmlWebpackPlugin from "html-webpack-plugin";
import webpack from "webpack";
import { tsImport } from "tsx/esm/api";

const root = dirname(fileURLToPath(import.meta.url));
const out = resolve(root, "dist");
/** Browsers with ES2022 cover every Outlook webview that supports Mailbox 1.8 (WebView2, WKWebView, current browsers). */
const target = "es2022";
/** What tsc writes into dist/ for the command-line tool; the web build must neither clean nor overwrite it. */
const CLI_OUTPUT = /^(cli|core|store)([\\/]|$)/;
/**
 * The pane must paint fast on a slow link inside Outlook: the JavaScript loaded before the first paint stays under
 * this many gzip bytes. The engine chunk (pkijs, the root list) loads after and is not counted.
 */
const INITIAL_JS_GZIP_BUDGET = 300 * 1024;

export default async (env = {}, argv = {}) => {
  const production = argv.mode === "production";
  // Outlook only loads https pages: `--env https` serves with the Office dev certificates (npm run start:outlook).
  const server = env.https ? { type: "https", options: await devCertificates() } : { type: "http" };
  const samples = await sampleFiles(production);

  return {
    mode: production ? "production" : "development",
    target: "web",
    entry: { taskpane: "./src/taskpane/index.tsx", "send-guard": "./src/launch/send-guard.ts" },
    output: {
      path: out,
      filename: "[name].js",
      // Lazy chunks get content hashes: taskpane.js is re-fetched through the page's ?hash, they through their name.
      chunkFilename: "[name].[contenthash:8].js",
      clean: { keep: (asset) => CLI_OUTPUT.test(asset) },
    },
    devtool: production ? "source-map" : "eval-cheap-module-source-map",
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
      // Sources import "./x.js" (NodeNext) while the files are .ts/.tsx.
      extensionAlias: { ".js": [".ts", ".tsx", ".js"] },
      // No resolve.fallback: the engine (pkijs, asn1js) is browser-clean, and webpack 5 fails the build on a Node
      // built-in import, which is what should happen should one ever creep in.
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          loader: "esbuild-loader",
          options: { target, tsconfig: resolve(root, "tsconfig.web.json") },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        template: "src/taskpane/taskpane.html",
        filename: "taskpane.html",
        chunks: ["taskpane"],
        scriptLoading: "defer",
        // The file name stays taskpane.js (the manifest and docs name the page, not the script); the query string
        // makes Outlook's webview fetch a new bundle after each build.
        hash: true,
      }),
      new CopyWebpackPlugin({
        patterns: [{ from: "public", to: "." }, { from: "manifest.xml", to: "manifest.xml" }, ...samples],
      }),
      ...(production ? [new InitialSizeBudget("taskpane", INITIAL_JS_GZIP_BUDGET)] : []),
    ],
    optimization: {
      minimizer: [new EsbuildPlugin({ target, legalComments: "external" })],
    },
    performance: {
      // The engine chunk carries the built-in root list and pkijs; InitialSizeBudget guards what the first paint needs.
      maxEntrypointSize: 1_500_000,
      maxAssetSize: 1_500_000,
    },
    devServer: {
      host: "localhost",
      port: 3000,
      server,
      static: false,
      hot: false,
      liveReload: true,
      client: { overlay: { errors: true, warnings: false } },
    },
  };
};

/**
 * The standalone page's sample messages and the test root they chain to, from the fixture generator (which runs
 * OpenSSL when the set is missing or stale). Without OpenSSL a development server still starts, without samples;
 * a production build fails, since it would ship a menu of missing files.
 */
async function sampleFiles(production) {
  const { SAMPLES, SAMPLES_DIR, SAMPLE_ROOT_FILE } = await tsImport("./src/taskpane/samples.ts", import.meta.url);
  let set;
  try {
    const { ensureFixtures } = await tsImport("./test/fixtures/generate.ts", import.meta.url);
    set = await ensureFixtures();
  } catch (e) {
    if (production) throw new Error(`the sample messages could not be generated (is openssl on the PATH?): ${e.message}`);
    console.warn(`webpack: no sample messages: ${e.message}`);
    return [];
  }
  const rootPem = SAMPLE_ROOT_FILE.replace(/\.der$/, ".pem");
  return [
    ...SAMPLES.map(({ fixture }) => ({ from: join(set.dir, "messages", `${fixture}.eml`), to: `${SAMPLES_DIR}/${fixture}.eml` })),
    { from: set.pki.root.certDer, to: `${SAMPLES_DIR}/${SAMPLE_ROOT_FILE}` },
    { from: set.pki.root.certPem, to: `${SAMPLES_DIR}/${rootPem}` },
  ];
}

/** Reports the gzip size of the JavaScript an entry point loads before first paint, and fails the build above budget. */
class InitialSizeBudget {
  constructor(entry, budget) {
    this.entry = entry;
    this.budget = budget;
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap("InitialSizeBudget", (compilation) => {
      // The report stage runs after minification, so the sizes are those of the files that ship.
      compilation.hooks.processAssets.tap({ name: "InitialSizeBudget", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const files = [...compilation.entrypoints.get(this.entry).getFiles()].filter((f) => f.endsWith(".js"));
        const gzip = files.reduce((sum, f) => sum + gzipSync(compilation.getAsset(f).source.buffer(), { level: 9 }).length, 0);
        const line = `initial JS (${files.join(", ")}): ${(gzip / 1024).toFixed(1)} KiB gzip, budget ${(this.budget / 1024).toFixed(0)} KiB`;
        if (gzip > this.budget) compilation.errors.push(new webpack.WebpackError(line));
        else compiler.getInfrastructureLogger("InitialSizeBudget").info(line);
      });
    });
  }
}

async function devCertificates() {
  let devCerts;
  try {
    devCerts = await import("office-addin-dev-certs");
  } catch {
    throw new Error("--env https needs office-addin-dev-certs: npm install --save-dev office-addin-dev-certs");
  }
  return (devCerts.default ?? devCerts).getHttpsServerOptions();
}
