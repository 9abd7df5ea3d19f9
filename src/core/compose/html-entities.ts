/*
 * HTML character references (HTML Living Standard §13.2.5.72): numeric ones, and the named ones mail editors
 * write. A name not listed is left as written, which reads better in plain text than a guess.
 */

/** The Latin-1 names, U+00A0 to U+00FF in order. With amp, lt, gt and quot they are the ones that work without ";". */
const LATIN1_NAMES = (
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro " +
  "para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil " +
  "Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave " +
  "Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml " +
  "igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute " +
  "thorn yuml"
).split(" ");

const OTHER_NAMES: Readonly<Record<string, number>> = {
  amp: 0x26, AMP: 0x26, lt: 0x3c, LT: 0x3c, gt: 0x3e, GT: 0x3e, quot: 0x22, QUOT: 0x22, apos: 0x27,
  OElig: 0x152, oelig: 0x153, Scaron: 0x160, scaron: 0x161, Yuml: 0x178, fnof: 0x192, circ: 0x2c6, tilde: 0x2dc,
  ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009, zwnj: 0x200c, zwj: 0x200d, lrm: 0x200e, rlm: 0x200f,
  ndash: 0x2013, mdash: 0x2014, lsquo: 0x2018, rsquo: 0x2019, sbquo: 0x201a, ldquo: 0x201c, rdquo: 0x201d,
  bdquo: 0x201e, dagger: 0x2020, Dagger: 0x2021, bull: 0x2022, hellip: 0x2026, permil: 0x2030, prime: 0x2032,
  Prime: 0x2033, lsaquo: 0x2039, rsaquo: 0x203a, oline: 0x203e, frasl: 0x2044, euro: 0x20ac, trade: 0x2122,
  larr: 0x2190, uarr: 0x2191, rarr: 0x2192, darr: 0x2193, harr: 0x2194, minus: 0x2212, infin: 0x221e,
  ne: 0x2260, le: 0x2264, ge: 0x2265, hearts: 0x2665,
};

const NAMED: ReadonlyMap<string, string> = new Map([
  ...LATIN1_NAMES.map((name, i) => [name, String.fromCharCode(0xa0 + i)] as const),
  ...Object.entries(OTHER_NAMES).map(([name, code]) => [name, String.fromCodePoint(code)] as const),
]);

const WITHOUT_SEMICOLON: ReadonlySet<string> = new Set([...LATIN1_NAMES, "amp", "AMP", "lt", "LT", "gt", "GT", "quot", "QUOT"]);

/** §13.2.5.80: references to 0x80-0x9F mean what windows-1252 puts there, as mail written on Windows expects. */
const WINDOWS_1252 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function fromCodePoint(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
  if (code >= 0x80 && code <= 0x9f) return String.fromCodePoint(WINDOWS_1252[code - 0x80]!);
  return String.fromCodePoint(code);
}

const REFERENCE = /&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)/g;
/** The longest name that works without ";". */
const LONGEST_LEGACY = Math.max(...[...WITHOUT_SEMICOLON].map((n) => n.length));

/**
 * A named reference as HTML reads it: the whole name with ";", or else the longest name that works without one
 * ("&copy2025" is "©2025"). In attribute values a name without ";" followed by a letter, digit or "=" stays as
 * written, so that a link such as "?a=1&copy=2" keeps its query.
 */
function named(name: string, semicolon: string, following: string | undefined, inAttribute: boolean): string | null {
  const exact = NAMED.get(name);
  if (exact !== undefined && semicolon === ";") return exact;
  if (inAttribute) {
    const usable = exact !== undefined && WITHOUT_SEMICOLON.has(name) && (following === undefined || !/[=A-Za-z0-9]/.test(following));
    return usable ? exact + semicolon : null;
  }
  for (let n = Math.min(name.length, LONGEST_LEGACY); n >= 2; n--) {
    const prefix = name.slice(0, n);
    if (WITHOUT_SEMICOLON.has(prefix)) return NAMED.get(prefix)! + name.slice(n) + semicolon;
  }
  return null;
}

/** `text` with its character references decoded; `inAttribute` for attribute values (see named()). */
export function decodeEntities(text: string, inAttribute = false): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (whole: string, dec: string | undefined, hex: string | undefined, name: string | undefined, semicolon: string, offset: number) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    return named(name!, semicolon, text[offset + whole.length], inAttribute) ?? whole;
  });
}
