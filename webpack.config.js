// Builds the task pane: src/taskpane/index.tsx -> dist/web/taskpane.js + taskpane.html, plus public/ and the manifest.
// `npm run build:web` for production, `npm start` for the dev server on http://localhost:3000.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import CopyWebpackPlugin from "copy-webpack-plugin";
import { EsbuildPlugin } from "esbuild-loader";
import HtmlWebpackPlugin from "html-webpack-plugin";

const root = dirname(fileURLToPath(import.meta.url));
/** Browsers with ES2022 cover every Outlook webview that supports Mailbox 1.8 (WebView2, WKWebView, current browsers). */
const target = "es2022";

export default async (env = {}, argv = {}) => {
  const production = argv.mode === "production";
  // Outlook only loads https pages: `--env https` serves with the Office dev certificates (npm run start:outlook).
  const server = env.https ? { type: "https", options: await devCertificates() } : { type: "http" };

  return {
    mode: production ? "production" : "development",
    target: "web",
    entry: { taskpane: "./src/taskpane/index.tsx" },
    output: {
      path: resolve(root, "dist/web"),
      filename: "[name].js",
      clean: true,
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
        patterns: [
          { from: "public", to: "." },
          { from: "manifest.xml", to: "manifest.xml" },
        ],
      }),
    ],
    optimization: {
      minimizer: [new EsbuildPlugin({ target, legalComments: "external" })],
    },
    performance: {
      // React, Fluent UI and the CMS engine with its built-in roots are one bundle loaded once per pane.
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

async function devCertificates() {
  let devCerts;
  try {
    devCerts = await import("office-addin-dev-certs");
  } catch {
    throw new Error("--env https needs office-addin-dev-certs: npm install --save-dev office-addin-dev-certs");
  }
  return (devCerts.default ?? devCerts).getHttpsServerOptions();
}
