import { teamsHighContrastTheme, webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";
import { useEffect, useState } from "react";

export type ThemeKind = "light" | "dark" | "high-contrast";

export const THEMES = {
  light: webLightTheme,
  dark: webDarkTheme,
  "high-contrast": teamsHighContrastTheme,
} as const satisfies Record<ThemeKind, Theme>;

const FORCED_COLORS = "(forced-colors: active)";
const PREFERS_DARK = "(prefers-color-scheme: dark)";

function matches(query: string): boolean {
  return typeof window !== "undefined" && typeof window.matchMedia === "function" && window.matchMedia(query).matches;
}

/**
 * High contrast whenever the system forces colours (Windows contrast themes reach the Outlook webview this way),
 * else Office's own light or dark theme when the pane runs in Outlook, else the browser's preference.
 */
export function themeKind(office: "light" | "dark" | null): ThemeKind {
  if (matches(FORCED_COLORS)) return "high-contrast";
  return office ?? (matches(PREFERS_DARK) ? "dark" : "light");
}

/** Subscribes to the host's theme changes; returns the unsubscribe function. */
export type ThemeWatch = (onChange: () => void) => () => void;

/** The theme now, following system changes, and the host's when `watch` is given, while the pane is open. */
export function useThemeKind(office: () => "light" | "dark" | null, watch?: ThemeWatch): ThemeKind {
  const [kind, setKind] = useState<ThemeKind>(() => themeKind(office()));
  useEffect(() => {
    const update = (): void => setKind(themeKind(office()));
    const stopWatch = watch?.(update);
    const queries = typeof window !== "undefined" && typeof window.matchMedia === "function" ? [FORCED_COLORS, PREFERS_DARK].map((q) => window.matchMedia(q)) : [];
    for (const q of queries) q.addEventListener("change", update);
    return () => {
      stopWatch?.();
      for (const q of queries) q.removeEventListener("change", update);
    };
  }, [office, watch]);
  return kind;
}
