import type { Lang } from "../i18n/language.js";
import { languageFromTag } from "../i18n/language.js";

/**
 * The locale for dates and numbers: the user's own (Outlook's display language or the browser's) while the UI speaks
 * its language, so that an en-US user sees US dates; the UI language itself once the user switched to the other one.
 */
export function displayLocale(lang: Lang, preferred: string): string {
  return languageFromTag(preferred) === lang ? preferred : lang;
}

export function formatTime(iso: string | null, locale: string): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
  } catch {
    // An invalid locale tag from the host: the runtime's default still shows a correct date.
    return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
  }
}

/** A day, for validity periods: the time of day a certificate starts or ends at says nothing to a reader. */
export function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(date);
  }
}

export function formatSize(bytes: number, locale: string): string {
  const [value, unit] = bytes < 1024 ? [bytes, "byte"] : bytes < 1024 * 1024 ? [bytes / 1024, "kilobyte"] : [bytes / 1024 / 1024, "megabyte"];
  try {
    return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
  } catch {
    return `${bytes} B`;
  }
}
