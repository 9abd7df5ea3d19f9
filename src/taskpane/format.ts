import type { Lang } from "../i18n/language.js";
import { languageFromTag } from "../i18n/language.js";

/**
 * The locale for dates and numbers: the user's own (Outlook's display language or the browser's) while the UI speaks
 * its language, so that an en-US user sees US dates; the UI language itself once the user switched to the other one.
 */
export function displayLocale(lang: Lang, preferred: string): string {
  return languageFromTag(preferred) === lang ? preferred : lang;
}

/**
 * Formatters, made once per locale and style. Making one is the expensive part: the first in a page loads the
 * locale's calendar and time-zone data, which costs more than verifying a message, and the signer card shows several
 * dates.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const sizeFormats = new Map<string, Intl.NumberFormat | null>();

function dateFormat(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${withTime ? "date-time" : "date"} ${locale}`;
  let format = dateFormats.get(key);
  if (format === undefined) {
    const options: Intl.DateTimeFormatOptions = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
    try {
      format = new Intl.DateTimeFormat(locale, options);
    } catch {
      // An invalid locale tag from the host: the runtime's default still shows a correct date.
      format = new Intl.DateTimeFormat(undefined, options);
    }
    dateFormats.set(key, format);
  }
  return format;
}

export function formatTime(iso: string | null, locale: string): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(locale, true).format(date);
}

/** A day, for validity periods: the time of day a certificate starts or ends at says nothing to a reader. */
export function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(locale, false).format(date);
}

export function formatSize(bytes: number, locale: string): string {
  const [value, unit] = bytes < 1024 ? [bytes, "byte"] : bytes < 1024 * 1024 ? [bytes / 1024, "kilobyte"] : [bytes / 1024 / 1024, "megabyte"];
  const key = `${unit} ${locale}`;
  let format = sizeFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 });
    } catch {
      format = null;
    }
    sizeFormats.set(key, format);
  }
  return format === null ? `${bytes} B` : format.format(value);
}

/**
 * Makes the date formatters for `locale` when the page is next idle (while the message and the engine are on their
 * way), so that the verdict, when it comes, is drawn without waiting for them. Returns a function that cancels.
 */
export function prepareFormatsWhenIdle(locale: string): () => void {
  const prepare = (): void => {
    dateFormat(locale, true).format(0);
    dateFormat(locale, false).format(0);
  };
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(prepare, { timeout: 2000 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(prepare, 0);
  return () => clearTimeout(handle);
}
