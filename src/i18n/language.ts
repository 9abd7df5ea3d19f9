export const LANGUAGES = ["en", "ja"] as const;
export type Lang = (typeof LANGUAGES)[number];

/** A string in every language the UI speaks. */
export type Localized = { readonly [L in Lang]: string };

/** The UI language for a BCP 47 tag such as navigator.language ("ja-JP" -> ja); English for everything else. */
export function languageFromTag(tag: string | null | undefined): Lang {
  return tag !== null && tag !== undefined && /^ja(-|$)/i.test(tag) ? "ja" : "en";
}
