// @vitest-environment jsdom
import "./jsdom-gaps.js";
import { act, cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { watchOfficeTheme } from "../../src/taskpane/office-environment.js";
import { useThemeKind, type ThemeWatch } from "../../src/taskpane/theme.js";

afterEach(() => {
  cleanup();
  delete (globalThis as { Office?: unknown }).Office;
});

function Probe({ office, watch }: { office: () => "light" | "dark" | null; watch?: ThemeWatch }): JSX.Element {
  return <span data-testid="theme">{useThemeKind(office, watch)}</span>;
}

/** Office.context.mailbox as office.js documents it for OfficeThemeChanged (Mailbox 1.14), recording handlers. */
function fakeOffice(theme: { bodyBackgroundColor: string }): { fire(next: { bodyBackgroundColor: string }): void; removed: () => number } {
  let handler: ((event: unknown) => void) | undefined;
  let removed = 0;
  (globalThis as { Office?: unknown }).Office = {
    EventType: { OfficeThemeChanged: "officeThemeChanged" },
    context: {
      officeTheme: theme,
      mailbox: {
        addHandlerAsync: (type: string, h: (event: unknown) => void) => {
          if (type === "officeThemeChanged") handler = h;
        },
        removeHandlerAsync: () => {
          removed++;
        },
      },
    },
  };
  return {
    fire: (next) => handler?.({ type: "officeThemeChanged", officeTheme: next }),
    removed: () => removed,
  };
}

describe("useThemeKind", () => {
  it("follows the host's theme changes when given a watch, and stops watching on unmount", async () => {
    let brightness: "light" | "dark" = "light";
    let notify: (() => void) | undefined;
    let stopped = 0;
    const watch: ThemeWatch = (onChange) => {
      notify = onChange;
      return () => stopped++;
    };
    const view = render(<Probe office={() => brightness} watch={watch} />);
    expect(view.getByTestId("theme").textContent).toBe("light");
    brightness = "dark";
    act(() => notify?.());
    expect(view.getByTestId("theme").textContent).toBe("dark");
    view.unmount();
    expect(stopped).toBe(1);
  });
});

describe("watchOfficeTheme", () => {
  it("takes the theme from OfficeThemeChanged events and removes its handler when stopped", async () => {
    const { officeThemeBrightness } = await import("../../src/taskpane/office-environment.js");
    const office = fakeOffice({ bodyBackgroundColor: "#ffffff" });
    let changes = 0;
    const stop = watchOfficeTheme(() => changes++);
    expect(officeThemeBrightness()).toBe("light");
    office.fire({ bodyBackgroundColor: "#262626" });
    expect(changes).toBe(1);
    expect(officeThemeBrightness()).toBe("dark");
    stop();
    office.fire({ bodyBackgroundColor: "#ffffff" });
    expect(changes).toBe(1);
    expect(office.removed()).toBe(1);
  });

  it("does nothing in a client without the event", () => {
    (globalThis as { Office?: unknown }).Office = { EventType: {}, context: { mailbox: {} } };
    const stop = watchOfficeTheme(() => undefined);
    expect(() => stop()).not.toThrow();
  });
});
