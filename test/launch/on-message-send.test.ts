/// <reference types="office-js" />
import { describe, expect, it } from "vitest";
import { COMPOSE_PANE_COMMAND_ID } from "../../src/launch/manifest-names.js";
import { createOnMessageSend, SEND_DECISION_DEADLINE_MS, type GuardOfficeContext } from "../../src/launch/on-message-send.js";
import {
  GUARD_TEXT,
  guardLanguage,
  MAX_CANCEL_LABEL_CHARS,
  MAX_ERROR_MESSAGE_CHARS,
  type GuardLanguage,
  type GuardText,
} from "../../src/launch/send-guard-text.js";
import { lookupSendPolicy, type PolicyLookup } from "../../src/launch/send-policy.js";
import { configServer, fakeOffice, fakeSendEvent, manualTimers, settle, type ConfigAnswer } from "./fake-launch-office.js";

const ALWAYS_SIGN = '{"sendPolicy":{"alwaysSign":true}}';

/** What the dialog is, in terms of the guard's own table: which text, and which 1.14 options. */
interface Outcome {
  readonly allowEvent: boolean;
  readonly text?: keyof GuardText;
  readonly language?: GuardLanguage;
  readonly paneButton?: boolean;
  readonly promptUser?: boolean;
}

function describeCompletion(options: Office.SmartAlertsEventCompletedOptions): Outcome {
  if (options.allowEvent === true) {
    expect(Object.keys(options)).toEqual(["allowEvent"]);
    return { allowEvent: true };
  }
  const match = (Object.keys(GUARD_TEXT) as GuardLanguage[]).flatMap((language) =>
    (Object.keys(GUARD_TEXT[language]) as Array<keyof GuardText>)
      .filter((key) => GUARD_TEXT[language][key] === options.errorMessage)
      .map((text) => ({ language, text })),
  );
  expect(match).toHaveLength(1);
  const paneButton = options.commandId !== undefined;
  if (paneButton) {
    expect(options.commandId).toBe(COMPOSE_PANE_COMMAND_ID);
    expect(options.cancelLabel).toBe(GUARD_TEXT[match[0]!.language].openPaneLabel);
  } else {
    expect(options.cancelLabel).toBeUndefined();
  }
  const promptUser = options.sendModeOverride !== undefined;
  if (promptUser) expect(options.sendModeOverride).toBe("promptUser");
  return { allowEvent: false, ...match[0], paneButton, promptUser };
}

function guard(answer: ConfigAnswer | (() => ConfigAnswer), office: { displayLanguage?: string; mailbox?: string } = {}) {
  const server = configServer(answer);
  const timers = manualTimers();
  const warnings: string[] = [];
  const { office: fake } = fakeOffice(office);
  const handler = createOnMessageSend({
    context: () => fake.context,
    lookupPolicy: () => lookupSendPolicy(server.fetchFn, "https://inkan.example/config.json"),
    timers,
    warn: (message) => void warnings.push(message),
  });
  return { handler, server, timers, warnings };
}

async function send(answer: ConfigAnswer, office: { displayLanguage?: string; mailbox?: string } = {}) {
  const g = guard(answer, office);
  const sent = fakeSendEvent();
  g.handler(sent.event);
  await settle();
  g.timers.advance(SEND_DECISION_DEADLINE_MS);
  await settle();
  expect(sent.calls).toHaveLength(1);
  expect(g.timers.pendingCount()).toBe(0);
  return { outcome: describeCompletion(sent.calls[0]!), warnings: g.warnings };
}

describe("OnMessageSend handler", () => {
  it.each<[string, ConfigAnswer, { displayLanguage?: string; mailbox?: string }, Outcome]>([
    ["no config.json: send", { status: 404 }, {}, { allowEvent: true }],
    ["config.json without sendPolicy: send", { body: '{"clientId":"x"}' }, {}, { allowEvent: true }],
    ["alwaysSign false: send", { body: '{"sendPolicy":{"alwaysSign":false}}' }, {}, { allowEvent: true }],
    ["a mistyped policy: send", { body: '{"sendPolicy":{"alwaysSign":"yes"}}' }, {}, { allowEvent: true }],
    ["config.json not JSON: send", { body: "<html>" }, {}, { allowEvent: true }],
    [
      "always sign, English, 1.14: stop, with the pane button",
      { body: ALWAYS_SIGN },
      { displayLanguage: "en-US", mailbox: "1.14" },
      { allowEvent: false, text: "stopWithPane", language: "en", paneButton: true, promptUser: false },
    ],
    [
      "always sign, Japanese, 1.14: stop, with the pane button",
      { body: ALWAYS_SIGN },
      { displayLanguage: "ja-JP", mailbox: "1.14" },
      { allowEvent: false, text: "stopWithPane", language: "ja", paneButton: true, promptUser: false },
    ],
    [
      "always sign, English, 1.12: stop, saying where the button is",
      { body: ALWAYS_SIGN },
      { displayLanguage: "en-GB", mailbox: "1.12" },
      { allowEvent: false, text: "stopWithoutPane", language: "en", paneButton: false, promptUser: false },
    ],
    [
      "always sign, Japanese, 1.13: stop, saying where the button is",
      { body: ALWAYS_SIGN },
      { displayLanguage: "ja", mailbox: "1.13" },
      { allowEvent: false, text: "stopWithoutPane", language: "ja", paneButton: false, promptUser: false },
    ],
    [
      "always sign, a language without strings: English",
      { body: ALWAYS_SIGN },
      { displayLanguage: "fr-FR", mailbox: "1.14" },
      { allowEvent: false, text: "stopWithPane", language: "en", paneButton: true, promptUser: false },
    ],
    [
      "config.json unreachable, 1.14: ask, with Send anyway and the pane",
      { networkError: "Failed to fetch" },
      { displayLanguage: "ja-JP", mailbox: "1.14" },
      { allowEvent: false, text: "askPolicyUnknown", language: "ja", paneButton: true, promptUser: true },
    ],
    [
      "config.json answering 500, 1.14: ask",
      { status: 500 },
      { mailbox: "1.15" },
      { allowEvent: false, text: "askPolicyUnknown", language: "en", paneButton: true, promptUser: true },
    ],
    ["config.json unreachable, 1.12: send, since the dialog could only stop it", { networkError: "offline" }, { mailbox: "1.12" }, { allowEvent: true }],
    [
      "config.json not answering within the deadline, 1.14: ask",
      { hang: true },
      { mailbox: "1.14" },
      { allowEvent: false, text: "askPolicyUnknown", language: "en", paneButton: true, promptUser: true },
    ],
    ["config.json not answering within the deadline, 1.12: send", { hang: true }, { mailbox: "1.12" }, { allowEvent: true }],
  ])("%s", async (_name, answer, office, expected) => {
    expect((await send(answer, office)).outcome).toEqual(expected);
  });

  it("logs why it let a send through when the policy was unusable or unknown, and stays quiet when there is none", async () => {
    expect((await send({ status: 404 })).warnings).toEqual([]);
    expect((await send({ body: '{"sendPolicy":[]}' })).warnings).toEqual([expect.stringContaining("invalid")]);
    expect((await send({ status: 502 }, { mailbox: "1.12" })).warnings).toEqual([expect.stringContaining("HTTP 502")]);
  });

  it("answers once when config.json arrives after the deadline", async () => {
    let release: (lookup: PolicyLookup) => void = () => {};
    const timers = manualTimers();
    const sent = fakeSendEvent();
    const handler = createOnMessageSend({
      context: () => fakeOffice({ mailbox: "1.14" }).office.context,
      lookupPolicy: () => new Promise((resolve) => (release = resolve)),
      timers,
      warn: () => {},
    });
    handler(sent.event);
    timers.advance(SEND_DECISION_DEADLINE_MS - 1);
    expect(sent.calls).toEqual([]);
    timers.advance(1);
    release({ ok: true, policy: { alwaysSign: false } });
    await settle();
    expect(sent.calls).toHaveLength(1);
    expect(describeCompletion(sent.calls[0]!)).toMatchObject({ text: "askPolicyUnknown" });
  });

  it("answers once, and clears its deadline, when config.json arrives first", async () => {
    const g = guard({ body: ALWAYS_SIGN });
    const sent = fakeSendEvent();
    g.handler(sent.event);
    await settle();
    expect(sent.calls).toHaveLength(1);
    expect(g.timers.pendingCount()).toBe(0);
  });

  it.each<[string, () => GuardOfficeContext | undefined]>([
    ["no Office.context", () => undefined],
    [
      "Office.context that throws",
      () => {
        throw new Error("Office is not initialised");
      },
    ],
    ["no requirements object", () => ({ displayLanguage: "ja-JP" })],
  ])("falls back to the plainest dialog with %s", async (_name, context) => {
    const server = configServer({ body: ALWAYS_SIGN });
    const sent = fakeSendEvent();
    const handler = createOnMessageSend({
      context,
      lookupPolicy: () => lookupSendPolicy(server.fetchFn, "https://inkan.example/config.json"),
      timers: manualTimers(),
      warn: () => {},
    });
    handler(sent.event);
    await settle();
    expect(sent.calls).toHaveLength(1);
    expect(describeCompletion(sent.calls[0]!)).toMatchObject({ allowEvent: false, text: "stopWithoutPane", paneButton: false });
  });

  it("answers once when the lookup or the timer throws", async () => {
    for (const broken of ["lookup", "timer"] as const) {
      const sent = fakeSendEvent();
      const handler = createOnMessageSend({
        context: () => fakeOffice({ mailbox: "1.14" }).office.context,
        lookupPolicy: () => {
          if (broken === "lookup") throw new Error("bug");
          return Promise.resolve({ ok: true, policy: { alwaysSign: true } });
        },
        timers: {
          set: (callback, ms) => {
            if (broken === "timer") throw new Error("no timers here");
            return setTimeout(callback, ms);
          },
          clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
        },
        warn: () => {},
      });
      handler(sent.event);
      await settle();
      expect(sent.calls).toHaveLength(1);
      expect(describeCompletion(sent.calls[0]!)).toMatchObject({ text: "askPolicyUnknown" });
    }
  });

  it("answers once when the lookup rejects", async () => {
    const sent = fakeSendEvent();
    const handler = createOnMessageSend({
      context: () => fakeOffice({ mailbox: "1.12" }).office.context,
      lookupPolicy: () => Promise.reject(new Error("bug")),
      timers: manualTimers(),
      warn: () => {},
    });
    handler(sent.event);
    await settle();
    expect(sent.calls).toEqual([{ allowEvent: true }]);
  });

  it("calls completed only once even when completed throws", async () => {
    const calls: unknown[] = [];
    const warnings: string[] = [];
    const handler = createOnMessageSend({
      context: () => fakeOffice().office.context,
      lookupPolicy: () => Promise.resolve({ ok: true, policy: { alwaysSign: true } }),
      timers: manualTimers(),
      warn: (message) => void warnings.push(message),
    });
    handler({
      completed: (options) => {
        calls.push(options);
        throw new Error("closed");
      },
    });
    await settle();
    expect(calls).toHaveLength(1);
    expect(warnings).toEqual([expect.stringContaining("event.completed failed")]);
  });

  it("reads the policy afresh for every send, so a change applies to the next one", async () => {
    let body = '{"sendPolicy":{"alwaysSign":false}}';
    const g = guard(() => ({ body }));
    const first = fakeSendEvent();
    g.handler(first.event);
    await settle();
    body = ALWAYS_SIGN;
    const second = fakeSendEvent();
    g.handler(second.event);
    await settle();
    expect(first.calls).toEqual([{ allowEvent: true }]);
    expect(describeCompletion(second.calls[0]!)).toMatchObject({ allowEvent: false, text: "stopWithPane" });
    expect(g.server.requests).toHaveLength(2);
  });
});

describe("the dialog's text", () => {
  it("fits Outlook's limits in every language", () => {
    for (const text of Object.values(GUARD_TEXT)) {
      for (const message of [text.stopWithPane, text.stopWithoutPane, text.askPolicyUnknown]) {
        expect([...message].length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
      }
      expect([...text.openPaneLabel].length).toBeLessThanOrEqual(MAX_CANCEL_LABEL_CHARS);
    }
  });

  it("names the pane button by its own label where the dialog shows it", () => {
    for (const text of Object.values(GUARD_TEXT)) {
      expect(text.stopWithPane).toContain(text.openPaneLabel);
      expect(text.askPolicyUnknown).toContain(text.openPaneLabel);
      expect(text.stopWithoutPane).not.toContain(text.openPaneLabel);
    }
  });

  it.each([
    ["ja-JP", "ja"],
    ["JA", "ja"],
    ["ja", "ja"],
    ["en-US", "en"],
    ["jv-ID", "en"],
    ["", "en"],
    [undefined, "en"],
  ])("%s speaks %s", (tag, language) => {
    expect(guardLanguage(tag)).toBe(language);
  });
});
