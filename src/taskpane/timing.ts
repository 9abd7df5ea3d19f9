/**
 * User Timing marks for the steps from opening the pane to its first badge, as `inkan:<step>` in the browser's
 * performance timeline: DevTools shows them, and the task-pane benchmark reports where the time went. Each mark
 * replaces the one before it, so a pane open all day keeps one entry per step.
 */
/** `verifying` and `verified` bracket the engine's own verification of the message, inside `checked`. */
export type Step = "host-detected" | "message-read" | "keys-ready" | "engine-loaded" | "verifying" | "verified" | "checked";

export const STEP_MARK_PREFIX = "inkan:";

export function markStep(step: Step): void {
  const name = `${STEP_MARK_PREFIX}${step}`;
  try {
    performance.clearMarks(name);
    performance.mark(name);
  } catch {
    // A page without the User Timing API loses only the timeline.
  }
}
