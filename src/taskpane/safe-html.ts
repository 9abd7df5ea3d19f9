import DOMPurify from "dompurify";

/**
 * Turning a message's HTML into a document that can load nothing. Each fetch a mail body can trigger (an image, a
 * style sheet, a font, a frame, a form post, a prefetch) tells the sender that and when the mail was read, and in the
 * EFAIL attacks it carries decrypted plaintext out inside the URL. Three barriers, each enough on its own:
 * sanitising drops every remote URL, the document's Content-Security-Policy allows no fetch but inline data, and the
 * frame's empty sandbox runs no script, submits no form and gets an opaque origin.
 */

/** Inside the frame: inline styles and data: images only. No default-src means no script, font, frame or connect. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Elements that fetch, navigate, submit, run or carry a second document; removed with their content. */
const FORBIDDEN_TAGS = [
  "script",
  "noscript",
  "template",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "portal",
  "link",
  "meta",
  "base",
  "form",
  "input",
  "button",
  "select",
  "option",
  "textarea",
  "video",
  "audio",
  "source",
  "track",
  "picture",
  "svg",
  "math",
];

/** Attributes that fetch or point elsewhere, whatever their value. */
const FORBIDDEN_ATTRIBUTES = [
  "srcset",
  "imagesrcset",
  "background",
  "poster",
  "action",
  "formaction",
  "ping",
  "cite",
  "longdesc",
  "lowsrc",
  "dynsrc",
  "usemap",
  "manifest",
  "codebase",
  "archive",
  "profile",
  "icon",
  "data",
  "target",
  "xlink:href",
];

/** Attributes kept only with a value that fetches nothing: a data: image for src, a fragment for href. */
const URL_ATTRIBUTES: Readonly<Record<string, RegExp>> = {
  src: /^data:image\//i,
  href: /^#/,
};

const DATA_URL = /url\(\s*(["']?)\s*data:[^)]*\)/gi;
/** What may still reach the network in CSS once data: URLs are set aside: any function that takes a URL, any scheme. */
const CSS_FETCH = /(?:url|src|image-set|image|cross-fade|element)\s*\(|@import|@font-face|\/\/|[a-z][a-z0-9+.-]*:\s*\/\//i;

/**
 * CSS with every way to name a remote resource taken out. CSS escapes can spell `url(` or a scheme so that no
 * pattern sees them; mail rarely needs them, so CSS with a backslash is dropped whole rather than decoded.
 */
export function sanitizeCss(css: string): string {
  if (css.includes("\\")) return "";
  let out = css.replace(/\/\*[\s\S]*?\*\//g, "");
  out = out.replace(/@import[^;]*;?/gi, "").replace(/@font-face\s*\{[^}]*\}/gi, "");
  out = out.replace(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\)/gi, (whole: string, a?: string, b?: string, c?: string) =>
    /^\s*data:/i.test(a ?? b ?? c ?? "") ? whole : "none",
  );
  out = out.replace(/(["'])([^"']*)\1/g, (whole: string, _q: string, body: string) =>
    /^\s*data:/i.test(body) || !/^\s*[a-z][a-z0-9+.-]*:|\/\//i.test(body) ? whole : '""',
  );
  return CSS_FETCH.test(out.replace(DATA_URL, "")) ? "" : out;
}

/** Images the HTML may show by `cid:` reference (RFC 2392), as data: URLs. */
export type InlineImages = ReadonlyMap<string, string>;

type Purifier = ReturnType<typeof DOMPurify>;
let purifier: Purifier | undefined;

/** A DOMPurify instance of our own, so that its hooks never touch another user of the library. */
function instance(): Purifier {
  if (purifier !== undefined) return purifier;
  const p = DOMPurify(window);
  p.addHook("uponSanitizeElement", (node, data) => {
    if (data.tagName === "style") node.textContent = sanitizeCss(node.textContent ?? "");
  });
  p.addHook("afterSanitizeAttributes", (node) => {
    const images = current;
    if (node.nodeName === "IMG" && images !== undefined) {
      const src = node.getAttribute("src") ?? "";
      const cid = /^cid:(.+)$/i.exec(src.trim());
      const inline = cid ? images.get(decodeURIComponent(cid[1]!)) : undefined;
      if (inline !== undefined) node.setAttribute("src", inline);
    }
    for (const [name, allowed] of Object.entries(URL_ATTRIBUTES)) {
      const value = node.getAttribute(name);
      if (value !== null && !allowed.test(value.trim())) node.removeAttribute(name);
    }
    const style = node.getAttribute("style");
    if (style !== null) {
      const clean = sanitizeCss(style);
      if (clean.trim() === "") node.removeAttribute("style");
      else node.setAttribute("style", clean);
    }
  });
  purifier = p;
  return p;
}

/** The inline images of the call in progress: DOMPurify hooks take no arguments of ours. */
let current: InlineImages | undefined;

/** The message's HTML with scripts, forms, frames and every remote reference removed. */
export function sanitizeMessageHtml(html: string, images: InlineImages = new Map()): string {
  const p = instance();
  current = images;
  try {
    return p.sanitize(html, {
      USE_PROFILES: { html: true },
      FORBID_TAGS: FORBIDDEN_TAGS,
      FORBID_ATTR: FORBIDDEN_ATTRIBUTES,
      ALLOW_DATA_ATTR: false,
      ALLOWED_URI_REGEXP: /^(?:#|data:image\/|cid:)/i,
      // Keeps a <style> at the start of the body, which mail often has, instead of dropping it.
      FORCE_BODY: true,
    });
  } finally {
    current = undefined;
  }
}

/**
 * A whole document for `<iframe sandbox="" srcdoc>`: the policy comes first, before any of the message, and the
 * message's own styles come after ours so that it looks as the sender meant within what is allowed.
 */
export function messageDocument(html: string, images: InlineImages = new Map()): string {
  return [
    "<!doctype html><html><head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="referrer" content="no-referrer">',
    "<style>html{color-scheme:light;background:#fff;color:#242424}body{margin:8px;font-family:system-ui,sans-serif;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style>",
    "</head><body>",
    sanitizeMessageHtml(html, images),
    "</body></html>",
  ].join("");
}

/** Inline images of a message part list, keyed by Content-ID, as data: URLs. */
export function inlineImages(parts: readonly { readonly type: string; readonly bytes: Uint8Array; readonly contentId: string | null }[]): InlineImages {
  const out = new Map<string, string>();
  for (const part of parts) {
    if (part.contentId === null || !/^image\/[a-z0-9.+-]+$/.test(part.type)) continue;
    out.set(part.contentId, `data:${part.type};base64,${base64(part.bytes)}`);
  }
  return out;
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
