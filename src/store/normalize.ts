/*
 * Fingerprints and settings as the store keeps them. Apart from records.ts, which parses certificates, so that
 * opening the browser store does not need the certificate code.
 */
import type { ContentCipher } from "../core/cms/encrypt/index.js";
import { DEFAULT_SETTINGS, type Settings } from "./types.js";

/** Fingerprints are typed or pasted by help desks: accept colons, spaces and upper case. */
export function normalizeFingerprint(text: string): string {
  return text.replace(/[\s:]/g, "").toLowerCase();
}

const CIPHERS: readonly ContentCipher[] = ["aes-256-gcm", "aes-128-gcm", "aes-256-cbc", "aes-128-cbc"];

/** Stored settings over the defaults, field by field; a field of the wrong type (a damaged record) falls back. */
export function normalizeSettings(stored: unknown): Settings {
  const s = (typeof stored === "object" && stored !== null ? stored : {}) as Record<string, unknown>;
  return {
    signByDefault: typeof s["signByDefault"] === "boolean" ? s["signByDefault"] : DEFAULT_SETTINGS.signByDefault,
    encryptWhenPossible: typeof s["encryptWhenPossible"] === "boolean" ? s["encryptWhenPossible"] : DEFAULT_SETTINGS.encryptWhenPossible,
    cipher: CIPHERS.includes(s["cipher"] as ContentCipher) ? (s["cipher"] as ContentCipher) : DEFAULT_SETTINGS.cipher,
  };
}
