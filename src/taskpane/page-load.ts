/** How long work that waits for the page's load event waits at most: a request that never ends must not hold it. */
export const PAGE_LOAD_WAIT_MS = 3000;

/**
 * Resolves once the page has loaded, or after `limitMs` if it has not by then. For work that can wait (saving a
 * certificate after the verdict): the code it fetches would otherwise hold up the page's load event.
 */
export function pageLoaded(limitMs = PAGE_LOAD_WAIT_MS): Promise<void> {
  if (typeof document === "undefined" || document.readyState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      window.removeEventListener("load", done);
      resolve();
    };
    const timer = setTimeout(done, limitMs);
    window.addEventListener("load", done);
  });
}
