/**
 * The two facts the pane reads from office.js besides what the host module provides: Outlook's display language and
 * its theme. Both are optional in office.js (older clients, Outlook on the web without a theme), so every read is
 * guarded and an absent value means "use the browser's".
 */

interface OfficeTheme {
  readonly bodyBackgroundColor?: string;
}

interface OfficeContextView {
  readonly displayLanguage?: string;
  readonly officeTheme?: OfficeTheme;
  readonly mailbox?: {
    addHandlerAsync?(eventType: unknown, handler: (event: { officeTheme?: OfficeTheme }) => void, callback?: (result: { status: string }) => void): void;
    removeHandlerAsync?(eventType: unknown, callback?: (result: { status: string }) => void): void;
  };
}

function officeThemeChangedEvent(): unknown {
  try {
    return (globalThis as { Office?: { EventType?: { OfficeThemeChanged?: unknown } } }).Office?.EventType?.OfficeThemeChanged;
  } catch {
    return undefined;
  }
}

/** The theme the last OfficeThemeChanged event carried; it wins over Office.context.officeTheme, which may lag. */
let changedTheme: OfficeTheme | undefined;

function officeContext(): OfficeContextView | undefined {
  try {
    return (globalThis as { Office?: { context?: OfficeContextView } }).Office?.context;
  } catch {
    // office.js getters throw outside an initialised host; that is the same as no Office.
    return undefined;
  }
}

/** Outlook's UI language as a BCP 47 tag ("ja-JP"), or null when office.js does not give one. */
export function officeDisplayLanguage(): string | null {
  try {
    const tag = officeContext()?.displayLanguage;
    return typeof tag === "string" && tag !== "" ? tag : null;
  } catch {
    return null;
  }
}

/** Relative luminance (WCAG 2) of a "#rrggbb" colour, or null for anything else. */
function luminance(colour: string): number | null {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim());
  if (!m) return null;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Whether Outlook's theme is dark or light, from its body background; null when office.js has no theme. */
export function officeThemeBrightness(): "light" | "dark" | null {
  try {
    const background = (changedTheme ?? officeContext()?.officeTheme)?.bodyBackgroundColor;
    if (typeof background !== "string") return null;
    const l = luminance(background);
    return l === null ? null : l < 0.2 ? "dark" : "light";
  } catch {
    return null;
  }
}

/**
 * Calls `onChange` whenever the user picks another Office theme while the pane is open (OfficeThemeChanged, Mailbox
 * 1.14). Clients without the event keep the theme the pane opened with. Returns the unsubscribe function.
 */
export function watchOfficeTheme(onChange: () => void): () => void {
  const mailbox = officeContext()?.mailbox;
  const eventType = officeThemeChangedEvent();
  if (eventType === undefined || typeof mailbox?.addHandlerAsync !== "function") return () => undefined;
  let active = true;
  try {
    mailbox.addHandlerAsync(eventType, (event) => {
      if (!active) return;
      if (event && typeof event.officeTheme === "object") changedTheme = event.officeTheme;
      onChange();
    });
  } catch {
    // An older client throws for an event type it does not know: the theme then stays as it opened.
    return () => undefined;
  }
  return () => {
    active = false;
    try {
      mailbox.removeHandlerAsync?.(eventType);
    } catch {
      // Nothing to undo when the host has gone.
    }
  };
}
