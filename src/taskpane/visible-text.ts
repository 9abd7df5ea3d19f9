/**
 * Characters that make text read differently from what it is: control characters, bidirectional overrides and
 * isolates (U+202E can turn "gpj.exe" into "exe.jpg"), invisible separators and the byte-order mark. Names and
 * addresses come from certificates and headers an attacker writes, so they are shown with these made visible.
 * ZWJ/ZWNJ (U+200C/U+200D) stay: several scripts need them to spell names.
 */
const DECEPTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;

const escapeChar = (ch: string): string => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}}`;

/** `text` with every deceptive character replaced by a visible `\u{XXXX}` escape. */
export function visibleText(text: string): string {
  return text.replace(DECEPTIVE, escapeChar);
}

/**
 * A message body for display: line breaks and tabs are the layout a sender is entitled to, every other deceptive
 * character is made visible as in visibleText.
 */
export function visibleMessageText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(DECEPTIVE, (ch) => (ch === "\n" || ch === "\t" ? ch : escapeChar(ch)));
}
