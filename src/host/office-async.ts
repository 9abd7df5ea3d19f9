/// <reference types="office-js" />

/** An office.js asynchronous call's outcome as a value: a failed call is an expected result, not an exception. */
export type AsyncOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: number | null; readonly message: string };

/**
 * Runs an office.js callback-style call (`xxxAsync(..., callback)`) as a promise that always resolves. A call that
 * throws synchronously (office.js does so for bad arguments or a missing API) resolves as a failure too, so callers
 * handle exactly one shape.
 */
export function officeAsync<T>(
  succeeded: Office.AsyncResultStatus,
  start: (callback: (result: Office.AsyncResult<T>) => void) => void,
): Promise<AsyncOutcome<T>> {
  return new Promise((resolve) => {
    try {
      start((result) => {
        if (result.status === succeeded) resolve({ ok: true, value: result.value });
        else
          resolve({
            ok: false,
            code: typeof result.error?.code === "number" ? result.error.code : null,
            message: result.error?.message ?? "office.js reported a failure without a message",
          });
      });
    } catch (e) {
      resolve({ ok: false, code: null, message: e instanceof Error ? e.message : String(e) });
    }
  });
}
