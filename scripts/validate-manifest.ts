/**
 * Offline structural check of manifest.xml. Microsoft's `office-addin-manifest validate` sends an XML manifest to an
 * online service; where that service cannot be reached (CI, this project's machines) this script checks what can be
 * checked locally: the elements and attributes an Outlook add-in needs, their order in the base manifest, that every
 * resource id resolves, string lengths, https URLs, that every icon exists with the size the manifest declares, and
 * the event-based activation markup (Runtimes, LaunchEvent) against the rules of the mail 1.1 schema ([MS-OWEMXML])
 * and the LaunchEvent reference. It is not a schema validation and says so when it runs.
 *
 *   node --import tsx scripts/validate-manifest.ts [manifest.xml] [--online]
 *
 * --online additionally runs Microsoft's validator (office-addin-manifest must be installed and the network open).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface Finding {
  readonly level: "error" | "ok";
  readonly message: string;
}

export interface CheckOptions {
  /** Folder whose files the dev server and the build publish at the origin's root (public/). */
  readonly publicDir: string;
  /** Files the web build generates at the origin's root (pages and send-guard.js), which are not in publicDir. */
  readonly builtPages: readonly string[];
  /** The origin the manifest's URLs point at, whose paths are checked against publicDir and builtPages. */
  readonly origin: string;
}

interface Element {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly Element[];
  readonly text: string;
}

const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  vo10: "http://schemas.microsoft.com/office/mailappversionoverrides",
  vo11: "http://schemas.microsoft.com/office/mailappversionoverrides/1.1",
} as const;

/** The base manifest's child sequence for a MailApp, in schema order (OfficeApp 1.1). */
const BASE_ORDER = [
  "Id",
  "AlternateId",
  "Version",
  "ProviderName",
  "DefaultLocale",
  "DisplayName",
  "Description",
  "IconUrl",
  "HighResolutionIconUrl",
  "SupportUrl",
  "AppDomains",
  "Hosts",
  "Requirements",
  "FormSettings",
  "Permissions",
  "Rule",
  "DisableEntityHighlighting",
  "Dictionary",
  "VersionOverrides",
] as const;
const BASE_REQUIRED = new Set([
  "Id",
  "Version",
  "ProviderName",
  "DefaultLocale",
  "DisplayName",
  "Description",
  "IconUrl",
  "HighResolutionIconUrl",
  "SupportUrl",
  "Hosts",
  "Requirements",
  "FormSettings",
  "Permissions",
  "Rule",
  "VersionOverrides",
]);

/** Limits from the manifest reference: longer values are rejected by the store and truncated or refused by Outlook. */
const MAX_DISPLAY_NAME = 125;
const MAX_DESCRIPTION = 250;
const MAX_SHORT_STRING = 125;
const MAX_LONG_STRING = 250;
const MAX_RESID = 32;
const MAX_URL = 2048;

const PERMISSIONS = new Set(["Restricted", "ReadItem", "ReadWriteItem", "ReadWriteMailbox"]);
/** Outlook shows ribbon icons at these sizes; each Icon must offer all three. */
const BUTTON_ICON_SIZES = ["16", "32", "80"] as const;
const OUTLOOK_ICON_URL_SIZE = 64;
const OUTLOOK_HIGH_RES_ICON_URL_SIZE = 128;

/** MailHost's children in the mail 1.1 schema, in sequence order, each at most once. */
const MAIL_HOST_V1_1_ORDER = ["Runtimes", "DesktopFormFactor", "MobileFormFactor"] as const;
/** The send events (Smart Alerts): the only ones that take SendMode, and each may be declared once per add-in. */
const SEND_EVENTS = new Set(["OnMessageSend", "OnAppointmentSend"]);
/** LaunchEventSendMode in the mail 1.1 schema. */
const SEND_MODES = new Set(["PromptUser", "SoftBlock", "Block"]);

function toElements(nodes: readonly unknown[]): Element[] {
  const out: Element[] = [];
  for (const node of nodes) {
    if (typeof node !== "object" || node === null) continue;
    const record = node as Record<string, unknown>;
    const name = Object.keys(record).find((k) => k !== ":@");
    if (name === undefined || name === "#text" || name === "?xml" || name === "#comment") continue;
    const body = record[name];
    const kids = Array.isArray(body) ? body : [];
    const text = kids
      .map((k) => (typeof k === "object" && k !== null && "#text" in k ? String((k as { "#text": unknown })["#text"]) : ""))
      .join("");
    const attrs = (record[":@"] ?? {}) as Record<string, string>;
    out.push({ name, attrs, children: toElements(kids), text: text.trim() });
  }
  return out;
}

function child(el: Element | undefined, name: string): Element | undefined {
  return el?.children.find((c) => c.name === name);
}

function childrenNamed(el: Element | undefined, name: string): Element[] {
  return el?.children.filter((c) => c.name === name) ?? [];
}

function descendants(el: Element): Element[] {
  return el.children.flatMap((c) => [c, ...descendants(c)]);
}

/** The OfficeApp element of a well-formed manifest, or undefined. */
function parseManifest(xml: string): Element | undefined {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
  });
  return toElements(parser.parse(xml) as unknown[]).find((e) => e.name === "OfficeApp");
}

/** PNG width and height from the IHDR chunk, or null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export function checkManifest(xml: string, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const error = (message: string): void => void findings.push({ level: "error", message });
  const ok = (message: string): void => void findings.push({ level: "ok", message });

  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    error(`not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line}, column ${wellFormed.err.col})`);
    return findings;
  }
  ok("well-formed XML");

  const root = parseManifest(xml);
  if (root === undefined) {
    error("the root element is not OfficeApp");
    return findings;
  }
  if (root.attrs.xmlns !== NS.app) error(`OfficeApp xmlns must be ${NS.app}`);
  if (root.attrs["xmlns:xsi"] !== NS.xsi) error(`OfficeApp must bind xmlns:xsi to ${NS.xsi}`);
  if (root.attrs["xmlns:bt"] !== NS.bt) error(`OfficeApp must bind xmlns:bt to ${NS.bt}`);
  if (root.attrs["xsi:type"] === "MailApp") ok("OfficeApp xsi:type=MailApp");
  else error(`OfficeApp xsi:type must be MailApp, found ${root.attrs["xsi:type"] ?? "none"}`);

  // Base sequence: every child known, in schema order, required ones present.
  let last = -1;
  for (const c of root.children) {
    const at = (BASE_ORDER as readonly string[]).indexOf(c.name);
    if (at < 0) error(`unexpected element <${c.name}> in OfficeApp`);
    else if (at < last) error(`<${c.name}> is out of order: the schema expects ${BASE_ORDER.join(", ")}`);
    else last = at;
  }
  const missing = [...BASE_REQUIRED].filter((n) => child(root, n) === undefined);
  if (missing.length > 0) error(`missing in OfficeApp: ${missing.join(", ")}`);
  else ok("base manifest has every required element, in schema order");

  const id = child(root, "Id")?.text ?? "";
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) ok(`Id ${id}`);
  else error(`Id must be a GUID, found "${id}"`);
  const version = child(root, "Version")?.text ?? "";
  if (!/^\d{1,5}(\.\d{1,5}){0,3}$/.test(version)) error(`Version must be n[.n[.n[.n]]], found "${version}"`);
  if ((child(root, "ProviderName")?.text ?? "") === "") error("ProviderName is empty");
  const locale = child(root, "DefaultLocale")?.text ?? "";
  if (!/^[a-z]{2,3}-[A-Z]{2}$/.test(locale)) error(`DefaultLocale must look like en-US, found "${locale}"`);

  const localized = (name: string, max: number): void => {
    const el = child(root, name);
    if (el === undefined) return;
    const values = [el.attrs.DefaultValue ?? "", ...childrenNamed(el, "Override").map((o) => o.attrs.Value ?? "")];
    if ((el.attrs.DefaultValue ?? "") === "") error(`${name} has no DefaultValue`);
    for (const o of childrenNamed(el, "Override")) {
      if (!/^[a-z]{2,3}-[A-Z]{2}$/.test(o.attrs.Locale ?? "")) error(`${name} override has a bad Locale "${o.attrs.Locale ?? ""}"`);
    }
    for (const v of values) if ([...v].length > max) error(`${name} "${v.slice(0, 40)}..." is longer than ${max} characters`);
  };
  localized("DisplayName", MAX_DISPLAY_NAME);
  localized("Description", MAX_DESCRIPTION);

  if (childrenNamed(child(root, "Hosts"), "Host").some((h) => h.attrs.Name === "Mailbox")) ok("Hosts: Mailbox");
  else error('Hosts must contain <Host Name="Mailbox"/>');
  const mailboxSet = childrenNamed(child(child(root, "Requirements"), "Sets"), "Set").find(
    (s) => (s.attrs.Name ?? "").toLowerCase() === "mailbox",
  );
  if (mailboxSet?.attrs.MinVersion !== undefined && /^1\.\d+$/.test(mailboxSet.attrs.MinVersion))
    ok(`requires Mailbox ${mailboxSet.attrs.MinVersion}`);
  else error('Requirements must contain <Set Name="Mailbox" MinVersion="1.x"/>');

  const forms = childrenNamed(child(root, "FormSettings"), "Form");
  const readForm = forms.find((f) => f.attrs["xsi:type"] === "ItemRead");
  if (child(child(readForm, "DesktopSettings"), "SourceLocation") === undefined)
    error("FormSettings must have an ItemRead form with DesktopSettings/SourceLocation");
  const height = Number(child(child(readForm, "DesktopSettings"), "RequestedHeight")?.text ?? "NaN");
  if (readForm !== undefined && !(height >= 32 && height <= 450)) error("ItemRead RequestedHeight must be 32..450");

  const permissions = child(root, "Permissions")?.text ?? "";
  if (PERMISSIONS.has(permissions)) ok(`Permissions ${permissions}`);
  else error(`Permissions must be one of ${[...PERMISSIONS].join(", ")}, found "${permissions}"`);
  const rule = child(root, "Rule");
  if (rule !== undefined && rule.attrs["xsi:type"] === undefined) error("Rule needs an xsi:type");

  // Version overrides: 1.0 on the outside, 1.1 nested as its last child (the schema's way to offer both).
  const vo10 = child(root, "VersionOverrides");
  const vo11 = vo10 === undefined ? undefined : child(vo10, "VersionOverrides");
  if (vo10 !== undefined) {
    if (vo10.attrs.xmlns !== NS.vo10 || vo10.attrs["xsi:type"] !== "VersionOverridesV1_0")
      error(`the outer VersionOverrides must be xmlns=${NS.vo10} xsi:type=VersionOverridesV1_0`);
    if (vo11 === undefined) error("VersionOverrides 1.1 is missing inside VersionOverrides 1.0");
    else if (vo11.attrs.xmlns !== NS.vo11 || vo11.attrs["xsi:type"] !== "VersionOverridesV1_1")
      error(`the inner VersionOverrides must be xmlns=${NS.vo11} xsi:type=VersionOverridesV1_1`);
    else if (vo10.children.at(-1) !== vo11) error("VersionOverrides 1.1 must be the last child of VersionOverrides 1.0");
    else ok("VersionOverrides 1.0 with 1.1 nested");
  }

  const imageUses = new Map<string, Set<number>>();
  const urls: { where: string; url: string }[] = [];
  for (const [label, vo] of [
    ["1.0", vo10],
    ["1.1", vo11],
  ] as const) {
    if (vo === undefined) continue;
    checkOverrides(label, vo, { error, ok }, imageUses, urls);
  }
  const surfaces = vo11 === undefined ? [] : descendants(vo11).filter((e) => e.name === "ExtensionPoint");
  for (const surface of ["MessageReadCommandSurface", "MessageComposeCommandSurface"]) {
    if (surfaces.some((s) => s.attrs["xsi:type"] === surface)) ok(`1.1 has a ${surface} button`);
    else error(`VersionOverrides 1.1 has no ${surface}`);
  }
  for (const launch of launchEvents(vo11)) {
    ok(`1.1 LaunchEvent ${launch.type} -> ${launch.functionName}${launch.sendMode === undefined ? "" : ` (SendMode ${launch.sendMode})`}`);
  }

  // Every URL is https and points at something that exists.
  for (const name of ["IconUrl", "HighResolutionIconUrl", "SupportUrl"]) {
    const url = child(root, name)?.attrs.DefaultValue;
    if (url !== undefined) urls.push({ where: name, url });
  }
  for (const form of forms) {
    const url = child(child(form, "DesktopSettings"), "SourceLocation")?.attrs.DefaultValue;
    if (url !== undefined) urls.push({ where: `Form ${form.attrs["xsi:type"] ?? "?"}`, url });
  }
  for (const domain of childrenNamed(child(root, "AppDomains"), "AppDomain")) urls.push({ where: "AppDomain", url: domain.text });
  addUse(imageUses, child(root, "IconUrl")?.attrs.DefaultValue, OUTLOOK_ICON_URL_SIZE);
  addUse(imageUses, child(root, "HighResolutionIconUrl")?.attrs.DefaultValue, OUTLOOK_HIGH_RES_ICON_URL_SIZE);

  let badUrls = 0;
  for (const { where, url } of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      error(`${where}: "${url}" is not a URL`);
      badUrls++;
      continue;
    }
    if (parsed.protocol !== "https:") {
      error(`${where}: ${url} is not https (Office loads add-ins over https only)`);
      badUrls++;
    }
    if (url.length > MAX_URL) error(`${where}: URL longer than ${MAX_URL} characters`);
    if (where !== "AppDomain" && parsed.origin === options.origin && !imageUses.has(url)) {
      const path = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
      if (!options.builtPages.includes(path) && !existsSync(join(options.publicDir, path))) {
        error(`${where}: ${url} is neither a built page (${options.builtPages.join(", ")}) nor a file in public/`);
        badUrls++;
      }
    }
  }
  if (badUrls === 0) ok(`${urls.length} URLs: all https, and every page on ${options.origin} exists`);

  let badIcons = 0;
  for (const [url, sizes] of imageUses) {
    let path: string;
    try {
      const parsed = new URL(url);
      if (parsed.origin !== options.origin) {
        error(`icon ${url} is not on ${options.origin}, so its size cannot be checked here`);
        badIcons++;
        continue;
      }
      path = join(options.publicDir, decodeURIComponent(parsed.pathname.replace(/^\//, "")));
    } catch {
      continue;
    }
    if (!existsSync(path)) {
      error(`icon ${url}: ${path} does not exist`);
      badIcons++;
      continue;
    }
    const size = pngSize(readFileSync(path));
    if (size === null) {
      error(`icon ${url}: ${path} is not a PNG`);
      badIcons++;
      continue;
    }
    for (const declared of sizes) {
      if (size.width !== declared || size.height !== declared) {
        error(`icon ${url} is declared ${declared}x${declared} but is ${size.width}x${size.height}`);
        badIcons++;
      }
    }
  }
  if (badIcons === 0) ok(`${imageUses.size} icons exist with their declared sizes`);
  return findings;
}

function addUse(uses: Map<string, Set<number>>, url: string | undefined, size: number): void {
  if (url === undefined) return;
  const set = uses.get(url) ?? new Set<number>();
  set.add(size);
  uses.set(url, set);
}

/** One VersionOverrides block: resources resolve within the block (a nested block inherits nothing), limits hold. */
function checkOverrides(
  label: string,
  vo: Element,
  report: { error: (m: string) => void; ok: (m: string) => void },
  imageUses: Map<string, Set<number>>,
  urls: { where: string; url: string }[],
): void {
  const { error, ok } = report;
  const problems = { count: 0 };
  const fail = (m: string): void => {
    problems.count++;
    error(`VersionOverrides ${label}: ${m}`);
  };
  const resources = child(vo, "Resources");
  const table = (group: string, item: string): Map<string, Element> => {
    const map = new Map<string, Element>();
    for (const el of childrenNamed(child(resources, group), item)) {
      const id = el.attrs.id ?? "";
      if (id === "" || id.length > MAX_RESID) fail(`resource id "${id}" must be 1..${MAX_RESID} characters`);
      if (map.has(id)) fail(`resource id "${id}" is defined twice in ${group}`);
      map.set(id, el);
    }
    return map;
  };
  const images = table("bt:Images", "bt:Image");
  const urlRes = table("bt:Urls", "bt:Url");
  const shorts = table("bt:ShortStrings", "bt:String");
  const longs = table("bt:LongStrings", "bt:String");

  for (const [kind, map, max] of [
    ["short string", shorts, MAX_SHORT_STRING],
    ["long string", longs, MAX_LONG_STRING],
  ] as const) {
    for (const [id, el] of map) {
      const values = [el.attrs.DefaultValue ?? "", ...childrenNamed(el, "bt:Override").map((o) => o.attrs.Value ?? "")];
      if ((el.attrs.DefaultValue ?? "") === "") fail(`${kind} ${id} has no DefaultValue`);
      for (const v of values) if ([...v].length > max) fail(`${kind} ${id} is longer than ${max} characters`);
    }
  }
  for (const [id, el] of [...images, ...urlRes]) {
    const url = el.attrs.DefaultValue ?? "";
    urls.push({ where: `VersionOverrides ${label} resource ${id}`, url });
  }

  const hosts = childrenNamed(child(vo, "Hosts"), "Host");
  if (!hosts.some((h) => h.attrs["xsi:type"] === "MailHost")) fail('Hosts must contain <Host xsi:type="MailHost">');
  const resolve = (el: Element, map: Map<string, Element>, kind: string): Element | undefined => {
    const resid = el.attrs.resid;
    if (resid === undefined) {
      fail(`<${el.name}> has no resid`);
      return undefined;
    }
    const found = map.get(resid);
    if (found === undefined) fail(`<${el.name} resid="${resid}"> does not name a ${kind} in this block's Resources`);
    return found;
  };

  const controlIds = new Set<string>();
  for (const host of hosts) {
    checkHostSequence(label, host, fail);
    const runtime = label === "1.1" ? checkRuntimes(host, fail, (el) => resolve(el, urlRes, "URL")) : undefined;
    const desktop = child(host, "DesktopFormFactor");
    if (desktop === undefined) {
      fail("MailHost has no DesktopFormFactor");
      continue;
    }
    const functionFile = child(desktop, "FunctionFile");
    if (functionFile === undefined) fail("DesktopFormFactor has no FunctionFile");
    else resolve(functionFile, urlRes, "URL");
    for (const el of descendants(desktop)) {
      if (el.name === "Control") {
        const id = el.attrs.id ?? "";
        if (id === "" || controlIds.has(id)) fail(`control id "${id}" is empty or not unique`);
        controlIds.add(id);
        const icon = child(el, "Icon");
        const sizes = childrenNamed(icon, "bt:Image").map((i) => i.attrs.size ?? "");
        for (const s of BUTTON_ICON_SIZES) if (!sizes.includes(s)) fail(`control ${id} has no ${s}px icon`);
        if (child(el, "Action") === undefined) fail(`control ${id} has no Action`);
      }
      if (el.name === "Label" || el.name === "Title") resolve(el, shorts, "short string");
      if (el.name === "Description") resolve(el, longs, "long string");
      if (el.name === "SourceLocation") resolve(el, urlRes, "URL");
      if (el.name === "bt:Image") {
        const image = resolve(el, images, "image");
        const size = Number(el.attrs.size);
        if (image !== undefined && Number.isInteger(size)) addUse(imageUses, image.attrs.DefaultValue, size);
      }
    }
    checkLaunchEventPoints(label, desktop, runtime, fail);
  }
  if (problems.count === 0) ok(`VersionOverrides ${label}: every resid resolves, strings within limits, controls complete`);
}

/** MailHost's children: Runtimes exists only in the 1.1 schema, and the 1.1 sequence is Runtimes, Desktop, Mobile. */
function checkHostSequence(label: string, host: Element, fail: (m: string) => void): void {
  if (label !== "1.1") {
    if (child(host, "Runtimes") !== undefined) fail("<Runtimes> is valid only in VersionOverrides 1.1");
    return;
  }
  let last = -1;
  for (const c of host.children) {
    const at = (MAIL_HOST_V1_1_ORDER as readonly string[]).indexOf(c.name);
    if (at < 0) fail(`unexpected element <${c.name}> in MailHost`);
    else if (at <= last) fail(`<${c.name}> in MailHost is repeated or out of order: the schema expects ${MAIL_HOST_V1_1_ORDER.join(", ")}`);
    else last = at;
  }
}

interface RuntimeFacts {
  /** The Runtime's resid: the HTML page the browser runtimes load, which LaunchEvent's SourceLocation must name. */
  readonly resid: string;
  /** The JavaScript file classic Outlook on Windows loads instead (`<Override type="javascript">`), if any. */
  readonly javascriptResid: string | undefined;
}

/**
 * Runtimes: Outlook supports exactly one Runtime, with the default lifetime "short" (the only one event-based
 * activation accepts) and at most one Override, of type javascript.
 */
function checkRuntimes(
  host: Element,
  fail: (m: string) => void,
  resolveUrl: (el: Element) => Element | undefined,
): RuntimeFacts | undefined {
  const runtimes = child(host, "Runtimes");
  if (runtimes === undefined) return undefined;
  const list = childrenNamed(runtimes, "Runtime");
  if (list.length !== 1 || runtimes.children.length !== 1) {
    fail(`<Runtimes> must hold exactly one <Runtime> (Outlook supports one), found ${runtimes.children.length} children`);
  }
  const runtime = list[0];
  if (runtime === undefined) return undefined;
  resolveUrl(runtime);
  const lifetime = runtime.attrs.lifetime;
  if (lifetime !== undefined && lifetime !== "short") fail(`Runtime lifetime must be "short" in Outlook, found "${lifetime}"`);
  const overrides = childrenNamed(runtime, "Override");
  if (overrides.length > 1 || runtime.children.length > overrides.length) fail("<Runtime> may hold only one <Override>");
  const override = overrides[0];
  if (override !== undefined) {
    if (override.attrs.type !== "javascript") fail(`<Override> in <Runtime> must have type="javascript", found "${override.attrs.type ?? ""}"`);
    resolveUrl(override);
  }
  return { resid: runtime.attrs.resid ?? "", javascriptResid: override?.attrs.resid };
}

/** LaunchEvent extension points: 1.1 only, on the Runtime's page, each send event once, SendMode from the schema's list. */
function checkLaunchEventPoints(
  label: string,
  desktop: Element,
  runtime: RuntimeFacts | undefined,
  fail: (m: string) => void,
): void {
  const points = childrenNamed(desktop, "ExtensionPoint").filter((p) => p.attrs["xsi:type"] === "LaunchEvent");
  if (points.length === 0) return;
  if (label !== "1.1") {
    fail('ExtensionPoint xsi:type="LaunchEvent" is valid only in VersionOverrides 1.1');
    return;
  }
  if (points.length > 1) fail('declare all launch events in one ExtensionPoint xsi:type="LaunchEvent"');
  const seen = new Set<string>();
  for (const point of points) {
    const events = childrenNamed(child(point, "LaunchEvents"), "LaunchEvent");
    if (events.length === 0) fail("a LaunchEvent extension point needs <LaunchEvents> with at least one <LaunchEvent>");
    for (const event of events) {
      const type = event.attrs.Type ?? "";
      if (type === "" || (event.attrs.FunctionName ?? "") === "") fail("every <LaunchEvent> needs Type and FunctionName");
      const sendMode = event.attrs.SendMode;
      if (sendMode !== undefined && !SEND_EVENTS.has(type)) fail(`SendMode applies only to ${[...SEND_EVENTS].join(" and ")}, not ${type}`);
      if (sendMode !== undefined && !SEND_MODES.has(sendMode)) fail(`SendMode must be one of ${[...SEND_MODES].join(", ")}, found "${sendMode}"`);
      if (SEND_EVENTS.has(type) && seen.has(type)) fail(`${type} may be declared only once`);
      seen.add(type);
    }
    const source = child(point, "SourceLocation")?.attrs.resid;
    if (runtime === undefined) fail("a LaunchEvent extension point needs <Runtimes> in its MailHost");
    else if (source !== runtime.resid)
      fail(`the LaunchEvent SourceLocation resid "${source ?? ""}" must equal the Runtime resid "${runtime.resid}"`);
    if (runtime !== undefined && runtime.javascriptResid === undefined)
      fail('classic Outlook on Windows runs launch events from a JavaScript file: add <Override type="javascript"> to the Runtime');
  }
}

export interface LaunchEventFacts {
  readonly type: string;
  readonly functionName: string;
  readonly sendMode: string | undefined;
  /** The URL of the Runtime's page (browser runtimes), resolved in the same VersionOverrides block. */
  readonly pageUrl: string | undefined;
  /** The URL of the Runtime's JavaScript override (classic Outlook on Windows). */
  readonly scriptUrl: string | undefined;
}

function launchEvents(vo: Element | undefined): LaunchEventFacts[] {
  if (vo === undefined) return [];
  const urls = new Map(childrenNamed(child(child(vo, "Resources"), "bt:Urls"), "bt:Url").map((u) => [u.attrs.id ?? "", u.attrs.DefaultValue]));
  const out: LaunchEventFacts[] = [];
  for (const host of childrenNamed(child(vo, "Hosts"), "Host")) {
    const runtime = childrenNamed(child(host, "Runtimes"), "Runtime")[0];
    const override = childrenNamed(runtime, "Override")[0];
    const pageUrl = urls.get(runtime?.attrs.resid ?? "");
    const scriptUrl = urls.get(override?.attrs.resid ?? "");
    for (const point of childrenNamed(child(host, "DesktopFormFactor"), "ExtensionPoint")) {
      if (point.attrs["xsi:type"] !== "LaunchEvent") continue;
      for (const event of childrenNamed(child(point, "LaunchEvents"), "LaunchEvent")) {
        out.push({ type: event.attrs.Type ?? "", functionName: event.attrs.FunctionName ?? "", sendMode: event.attrs.SendMode, pageUrl, scriptUrl });
      }
    }
  }
  return out;
}

/**
 * The launch events of a manifest's VersionOverrides 1.1 block, with the URLs of the runtime they run in; empty when
 * the XML is not a manifest with such a block. For tests that tie the manifest to the code it names.
 */
export function manifestLaunchEvents(xml: string): LaunchEventFacts[] {
  const root = parseManifest(xml);
  const vo10 = child(root, "VersionOverrides");
  return launchEvents(vo10 === undefined ? undefined : child(vo10, "VersionOverrides"));
}

/** The ids of the VersionOverrides 1.1 compose surface's buttons that open a task pane. */
export function manifestComposePaneButtons(xml: string): string[] {
  const root = parseManifest(xml);
  const vo10 = child(root, "VersionOverrides");
  const vo11 = vo10 === undefined ? undefined : child(vo10, "VersionOverrides");
  if (vo11 === undefined) return [];
  return descendants(vo11)
    .filter((e) => e.name === "ExtensionPoint" && e.attrs["xsi:type"] === "MessageComposeCommandSurface")
    .flatMap((surface) => descendants(surface))
    .filter((e) => e.name === "Control" && child(e, "Action")?.attrs["xsi:type"] === "ShowTaskpane")
    .map((e) => e.attrs.id ?? "");
}

function runOnline(manifestPath: string): number {
  const require = createRequire(import.meta.url);
  try {
    require.resolve("office-addin-manifest/package.json");
  } catch {
    console.error("--online: office-addin-manifest is not installed (npm install --save-dev office-addin-manifest).");
    return 2;
  }
  console.log("\nMicrosoft's validation service (office-addin-manifest validate):");
  const run = spawnSync("npx", ["--no-install", "office-addin-manifest", "validate", manifestPath], { stdio: "inherit" });
  return run.status ?? 1;
}

function main(argv: readonly string[]): number {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const online = argv.includes("--online");
  const manifestPath = resolve(argv.find((a) => !a.startsWith("--")) ?? join(root, "manifest.xml"));
  console.log(`Offline structural check of ${manifestPath}`);
  console.log(
    "This is NOT Microsoft's manifest validation (that one is an online service: npm run validate -- --online).\n",
  );
  const findings = checkManifest(readFileSync(manifestPath, "utf8"), {
    publicDir: join(root, "public"),
    builtPages: ["taskpane.html", "send-guard.js"],
    origin: "https://localhost:3000",
  });
  for (const f of findings) console.log(`${f.level === "ok" ? "  ok   " : "  ERROR"} ${f.message}`);
  const errors = findings.filter((f) => f.level === "error").length;
  console.log(errors === 0 ? "\nStructure OK." : `\n${errors} error(s).`);
  const local = errors === 0 ? 0 : 1;
  return online ? Math.max(local, runOnline(manifestPath)) : local;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
