/// <reference types="office-js" />
/**
 * The OnMessageSend handler (Smart Alerts, Mailbox 1.12). Outlook calls it when the user selects Send; it answers
 * once, through `event.completed`, whether the send goes ahead. It cannot sign, send or close the message itself:
 * it can only stop the send and point the user to Inkan's compose pane, which signs and sends through Graph.
 *
 * Every message that reaches this handler is a plain send: a message the pane sends goes through Graph and its draft
 * is discarded, so it never passes Outlook's Send button.
 *
 * Runs in classic Outlook's ES2016-only runtime too: see the note at the top of send-policy.ts.
 */
import { COMPOSE_PANE_COMMAND_ID } from "./manifest-names.js";
import { GUARD_TEXT, guardLanguage, type GuardLanguage } from "./send-guard-text.js";
import { describeError, unreachable, type PolicyLookup } from "./send-policy.js";

/**
 * `send`: let Outlook send. `stop-unsigned`: the policy says always sign, so the plain send is stopped.
 * `ask-policy-unknown`: the policy could not be read; the user decides, with Outlook's "Send anyway" on offer.
 */
export type SendDecision = "send" | "stop-unsigned" | "ask-policy-unknown";

export interface GuardEnvironment {
  readonly language: GuardLanguage;
  /**
   * Mailbox 1.14: the dialog can carry a button that opens a task pane (`commandId`, `cancelLabel`) and the handler can
   * lower the manifest's SoftBlock to PromptUser for one answer (`sendModeOverride`).
   */
  readonly dialogActions: boolean;
}

/** The parts of Office.context the handler reads, as documented for Outlook. */
export interface GuardOfficeContext {
  readonly displayLanguage?: string;
  readonly requirements?: { isSetSupported(name: string, minVersion?: string): boolean };
}

/** Office.MailboxEvent as the OnMessageSend handler receives it. */
export interface SendEvent {
  completed(options: Office.SmartAlertsEventCompletedOptions): void;
}

export interface GuardTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface SendGuardDeps {
  /** Office.context at the time of the event, or undefined where there is none. */
  readonly context: () => GuardOfficeContext | undefined;
  readonly lookupPolicy: () => Promise<PolicyLookup>;
  readonly timers: GuardTimers;
  readonly warn: (message: string) => void;
}

/**
 * The handler answers within this many milliseconds whatever happens. Outlook tells the user that the add-in "is
 * taking longer than expected" after five seconds and, with SoftBlock, lets nothing through until the add-in
 * answers; a config.json that has not arrived by now is treated as unreachable.
 */
export const SEND_DECISION_DEADLINE_MS = 4000;

/** The value of Office.MailboxEnums.SendModeOverride.PromptUser, the only override Outlook accepts. */
const PROMPT_USER = "promptUser";

const FALLBACK_ENVIRONMENT: GuardEnvironment = { language: "en", dialogActions: false };

/**
 * The failure rule, decided once here:
 * - no config.json, no `sendPolicy`, or one that cannot be used: send. An organisation that has not turned the
 *   guard on, or has mistyped it, must not find its mail stopped; the handler logs why.
 * - config.json unreachable (network, HTTP error, timeout) or the guard itself failed: nobody knows whether the
 *   message must be signed. Where Mailbox 1.14 exists the user is asked, with Inkan's pane and Outlook's "Send
 *   anyway" both on offer: the same choice Outlook itself gives under SoftBlock when an add-in cannot load. Where it
 *   does not, the dialog could only stop the send with no way past it, so the message is sent: a file server outage
 *   must not stop everyone's mail.
 */
export function decideSend(lookup: PolicyLookup, environment: GuardEnvironment): SendDecision {
  if (lookup.ok) return lookup.policy.alwaysSign ? "stop-unsigned" : "send";
  if (lookup.reason === "unreachable") return environment.dialogActions ? "ask-policy-unknown" : "send";
  return "send";
}

const COMPLETIONS = {
  send: (): Office.SmartAlertsEventCompletedOptions => ({ allowEvent: true }),
  "stop-unsigned": (environment: GuardEnvironment): Office.SmartAlertsEventCompletedOptions => {
    const text = GUARD_TEXT[environment.language];
    if (!environment.dialogActions) return { allowEvent: false, errorMessage: text.stopWithoutPane };
    return {
      allowEvent: false,
      errorMessage: text.stopWithPane,
      cancelLabel: text.openPaneLabel,
      commandId: COMPOSE_PANE_COMMAND_ID,
    };
  },
  // decideSend asks only where the dialog has the 1.14 options: without them this would be a stop with no way past.
  "ask-policy-unknown": (environment: GuardEnvironment): Office.SmartAlertsEventCompletedOptions => {
    const text = GUARD_TEXT[environment.language];
    return {
      allowEvent: false,
      errorMessage: text.askPolicyUnknown,
      cancelLabel: text.openPaneLabel,
      commandId: COMPOSE_PANE_COMMAND_ID,
      sendModeOverride: PROMPT_USER,
    };
  },
} satisfies Record<SendDecision, (environment: GuardEnvironment) => Office.SmartAlertsEventCompletedOptions>;

/** The options for `event.completed`; the 1.14 options appear only where the client supports them. */
export function completionFor(decision: SendDecision, environment: GuardEnvironment): Office.SmartAlertsEventCompletedOptions {
  return COMPLETIONS[decision](environment);
}

/**
 * Reads the display language and whether Mailbox 1.14 is there. A context that is missing or throws gives the plainest
 * dialog: English, without the 1.14 options.
 */
export function readEnvironment(
  context: () => GuardOfficeContext | undefined,
  warn: (message: string) => void,
): GuardEnvironment {
  try {
    const office = context();
    if (office === undefined || office === null) return FALLBACK_ENVIRONMENT;
    const requirements = office.requirements;
    const dialogActions = requirements !== undefined && requirements !== null && requirements.isSetSupported("Mailbox", "1.14") === true;
    return { language: guardLanguage(office.displayLanguage), dialogActions };
  } catch (error) {
    warn(`Inkan send guard: Office.context: ${describeError(error)}`);
    return FALLBACK_ENVIRONMENT;
  }
}

/**
 * Builds the handler. It calls `event.completed` exactly once on every path: after the lookup, after the deadline, or
 * after anything throwing, whichever comes first. Nothing is kept between events: each send reads the policy afresh.
 */
export function createOnMessageSend(deps: SendGuardDeps): (event: SendEvent) => void {
  return function onMessageSend(event: SendEvent): void {
    let finished = false;
    let environment = FALLBACK_ENVIRONMENT;
    let deadline: unknown;

    const finish = (lookup: PolicyLookup): void => {
      if (finished) return;
      finished = true;
      if (deadline !== undefined) deps.timers.clear(deadline);
      if (!lookup.ok && lookup.reason !== "absent") deps.warn(`Inkan send guard: ${lookup.reason}: ${lookup.detail}`);
      let options: Office.SmartAlertsEventCompletedOptions;
      try {
        options = completionFor(decideSend(lookup, environment), environment);
      } catch (error) {
        deps.warn(`Inkan send guard: ${describeError(error)}`);
        options = { allowEvent: true };
      }
      try {
        event.completed(options);
      } catch (error) {
        deps.warn(`Inkan send guard: event.completed failed: ${describeError(error)}`);
      }
    };

    try {
      environment = readEnvironment(deps.context, deps.warn);
      deadline = deps.timers.set(
        () => finish(unreachable(`config.json did not answer within ${SEND_DECISION_DEADLINE_MS} ms`)),
        SEND_DECISION_DEADLINE_MS,
      );
      deps.lookupPolicy().then(finish, (error: unknown) => finish(unreachable(describeError(error))));
    } catch (error) {
      finish(unreachable(`the send guard failed: ${describeError(error)}`));
    }
  };
}
