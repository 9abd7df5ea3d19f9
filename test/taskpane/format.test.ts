import { afterEach, describe, expect, it, vi } from "vitest";
import { formatDate, formatSize, formatTime, prepareFormatsWhenIdle } from "../../src/taskpane/format.js";

const WHEN = "2026-03-14T09:26:53Z";

describe("date and size formats", () => {
  afterEach(() => vi.useRealTimers());

  it("formats in the given locale, the same each time it is asked", () => {
    const expected = new Intl.DateTimeFormat("ja-JP", { dateStyle: "medium", timeStyle: "short" }).format(new Date(WHEN));
    expect(formatTime(WHEN, "ja-JP")).toBe(expected);
    expect(formatTime(WHEN, "ja-JP")).toBe(expected);
    expect(formatTime(WHEN, "en-US")).toBe(new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).format(new Date(WHEN)));
    expect(formatDate(WHEN, "en-US")).toBe(new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(new Date(WHEN)));
    expect(formatDate(WHEN, "en-US")).not.toBe(formatTime(WHEN, "en-US"));
  });

  it("falls back to the runtime's locale for a tag that is not one, and shows what it cannot read as it came", () => {
    const fallback = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(WHEN));
    expect(formatDate(WHEN, "not a locale!")).toBe(fallback);
    expect(formatDate(WHEN, "not a locale!")).toBe(fallback);
    expect(formatTime(null, "en-US")).toBeNull();
    expect(formatTime("yesterday-ish", "en-US")).toBe("yesterday-ish");
    expect(formatDate("", "en-US")).toBe("");
  });

  it("formats sizes by unit, and plainly for a bad locale", () => {
    expect(formatSize(512, "en-US")).toBe(new Intl.NumberFormat("en-US", { style: "unit", unit: "byte", unitDisplay: "short" }).format(512));
    expect(formatSize(1536, "en-US")).toBe(new Intl.NumberFormat("en-US", { style: "unit", unit: "kilobyte", unitDisplay: "short", maximumFractionDigits: 1 }).format(1.5));
    expect(formatSize(3 * 1024 * 1024, "en-US")).toContain("3");
    expect(formatSize(2048, "not a locale!")).toBe("2048 B");
  });

  it("prepares the formatters when idle, and not once cancelled", () => {
    vi.useFakeTimers();
    const made = vi.spyOn(Intl, "DateTimeFormat");
    prepareFormatsWhenIdle("fr-CA")();
    vi.runAllTimers();
    expect(made).not.toHaveBeenCalled();
    prepareFormatsWhenIdle("fr-CA");
    vi.runAllTimers();
    expect(made).toHaveBeenCalledTimes(2);
    formatTime(WHEN, "fr-CA");
    formatDate(WHEN, "fr-CA");
    expect(made).toHaveBeenCalledTimes(2);
    made.mockRestore();
  });
});
