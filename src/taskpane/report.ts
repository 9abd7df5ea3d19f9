import type { AuthMethodResult, Verdict } from "../core/verdict-types.js";
import type { Lang } from "../i18n/language.js";
import { REASON_TEXT } from "../i18n/reasons.js";
import { UI_STRINGS } from "../i18n/strings.js";
import { ENCRYPTION_TEXT, INTEGRITY_TEXT, LAYER_KIND_TEXT, SIGNER_ROLE_TEXT, STATUS_WORD, VALIDATION_TEXT } from "../i18n/terms.js";
import { STATUS_DISPLAY, badgeFacts } from "./status-display.js";
import { visibleText } from "./visible-text.js";

/**
 * Characters JSON.stringify leaves raw that could reorder or hide text when the report is read (it escapes control
 * characters itself). They only ever occur inside strings, where a \uXXXX escape parses back to the same value.
 */
const DECEPTIVE_IN_JSON = /[\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;

/** The verdict exactly as the engine gave it (JSON.parse gives it back), safe to show and paste. */
export function reportJson(verdict: Verdict): string {
  return JSON.stringify(verdict, null, 2).replace(DECEPTIVE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const method = (name: string, r: AuthMethodResult): string => `${name} ${visibleText(r.result)}${r.domain ? ` (${visibleText(r.domain)})` : ""}`;

/**
 * The verdict in plain words for a help desk ticket: the reader's language for the sentences, the stable codes beside
 * them, so that whoever reads it can look the codes up whatever language the ticket is in.
 */
export function reportText(verdict: Verdict, lang: Lang): string {
  const s = UI_STRINGS[lang];
  const words = STATUS_DISPLAY[verdict.status][lang];
  const lines: string[] = [`Inkan: ${words.label} [${verdict.status}]`, words.headline(badgeFacts(verdict, lang))];
  if (verdict.from !== null) {
    const { name, address } = verdict.from;
    lines.push(`${s.from}: ${visibleText(name ? `${name} <${address}>` : address)}`);
  }
  for (const r of verdict.reasons) lines.push(`- ${REASON_TEXT[r][lang]} [${r}]`);
  lines.push(`${s.encryption}: ${ENCRYPTION_TEXT[verdict.encryption][lang]} [${verdict.encryption}]`);
  if (verdict.encryption === "decrypted") lines.push(`${s.integrity}: ${INTEGRITY_TEXT[verdict.integrity][lang]} [${verdict.integrity}]`);
  if (verdict.recipients.length > 0) lines.push(`${s.encryptedFor}: ${verdict.recipients.map(visibleText).join("; ")}`);

  for (const signer of verdict.signers) {
    lines.push("", `${s.signer} [${signer.role}]: ${SIGNER_ROLE_TEXT[signer.role][lang]}`);
    const rows: [string, string | null][] = [
      [s.name, signer.name],
      [s.address, signer.email],
      [s.organization, signer.organization],
      [s.issuer, signer.issuer],
    ];
    for (const [label, value] of rows) if (value) lines.push(`  ${label}: ${visibleText(value)}`);
    lines.push(`  ${s.validation}: ${VALIDATION_TEXT[signer.validation][lang]} [${signer.validation}]`);
    if (signer.signingTime) lines.push(`  ${s.signingTime}: ${signer.signingTime}`);
    lines.push(`  ${s.algorithm}: ${signer.algorithm}`);
    lines.push(`  ${STATUS_WORD[signer.status][lang]} [${signer.status}]${signer.reasons.length > 0 ? `: ${signer.reasons.join(", ")}` : ""}`);
    for (const cert of signer.chain) lines.push(`  > ${visibleText(cert.subject)} (${cert.notBefore} – ${cert.notAfter}, SHA-256 ${cert.sha256})`);
  }

  if (verdict.authResults !== null) {
    const a = verdict.authResults;
    const parts = [
      ...(a.spf ? [method("SPF", a.spf)] : []),
      ...a.dkim.map((d) => method("DKIM", d)),
      ...(a.dmarc ? [method("DMARC", a.dmarc)] : []),
    ];
    lines.push("", `${s.domainChecks} (${visibleText(a.authservId)}): ${parts.join(", ")}`);
  }

  lines.push("", `${s.layers}:`);
  for (const [i, layer] of verdict.layers.entries()) {
    lines.push(
      `  ${i + 1}. ${LAYER_KIND_TEXT[layer.kind][lang]} [${layer.kind}] ${STATUS_WORD[layer.status][lang]} [${layer.status}], ${s.depth} ${layer.depth}, ${s.coversShown}: ${layer.coversShown ? s.yes : s.no}`,
    );
    if (layer.reasons.length > 0) lines.push(`     ${layer.reasons.join(", ")}`);
    for (const note of layer.notes) lines.push(`     ${visibleText(note)}`);
  }
  return lines.join("\n") + "\n";
}
