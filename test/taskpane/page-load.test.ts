// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { pageLoaded } from "../../src/taskpane/page-load.js";

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

function stillLoading(): void {
  vi.spyOn(document, "readyState", "get").mockReturnValue("loading");
}

describe("pageLoaded", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it("resolves at once in a page that has loaded", async () => {
    expect(document.readyState).toBe("complete");
    expect(await settled(pageLoaded())).toBe(true);
  });

  it("waits for the load event", async () => {
    stillLoading();
    const loaded = pageLoaded(60_000);
    expect(await settled(loaded)).toBe(false);
    window.dispatchEvent(new Event("load"));
    expect(await settled(loaded)).toBe(true);
  });

  it("gives up waiting after its limit, for a page whose load never ends", async () => {
    vi.useFakeTimers();
    stillLoading();
    const loaded = pageLoaded(3000);
    vi.advanceTimersByTime(2999);
    expect(await settled(loaded)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await settled(loaded)).toBe(true);
  });
});
