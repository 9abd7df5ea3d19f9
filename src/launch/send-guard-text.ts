/**
 * What the Smart Alerts dialog says, in English and Japanese. These strings live here rather than in src/i18n because
 * send-guard.js is a separate bundle that must stay small and free of the pane's code.
 */

export type GuardLanguage = "en" | "ja";

export interface GuardText {
  /** The message must be signed; the dialog has a button that opens Inkan's compose pane (Mailbox 1.14). */
  readonly stopWithPane: string;
  /** The message must be signed; the client cannot open the pane from the dialog, so the text says how. */
  readonly stopWithoutPane: string;
  /** The policy could not be read; the dialog also offers Outlook's own "Send anyway". */
  readonly askPolicyUnknown: string;
  /** The dialog button that opens the compose pane (`cancelLabel`). */
  readonly openPaneLabel: string;
}

/** Outlook refuses longer texts: `errorMessage` is at most 500 characters, `cancelLabel` at most 20. */
export const MAX_ERROR_MESSAGE_CHARS = 500;
export const MAX_CANCEL_LABEL_CHARS = 20;

export const GUARD_TEXT = {
  en: {
    stopWithPane:
      "Your organisation requires every message to be signed, and Outlook's Send button sends it without a signature. " +
      'Select "Sign with Inkan" to sign the message in the Inkan pane and send it from there.',
    stopWithoutPane:
      "Your organisation requires every message to be signed, and Outlook's Send button sends it without a signature. " +
      'Close this alert, open Inkan with "Sign & encrypt" on the ribbon, and send the message from there.',
    askPolicyUnknown:
      "Inkan could not load your organisation's settings, so it cannot tell whether this message must be signed. " +
      'Select "Sign with Inkan" to sign it, or send it without a signature.',
    openPaneLabel: "Sign with Inkan",
  },
  ja: {
    stopWithPane:
      "組織の設定により、メールには電子署名（S/MIME）が必要です。Outlook の送信ボタンでは署名なしで送信されます。" +
      "［Inkanで署名］を選び、Inkan の作業ウィンドウで署名してから送信してください。",
    stopWithoutPane:
      "組織の設定により、メールには電子署名（S/MIME）が必要です。Outlook の送信ボタンでは署名なしで送信されます。" +
      "この画面を閉じてから、リボンの［署名・暗号化］で Inkan を開き、署名してから送信してください。",
    askPolicyUnknown:
      "組織の設定を読み込めなかったため、このメールに電子署名が必要かどうかを確認できませんでした。" +
      "［Inkanで署名］で署名してから送信するか、署名せずにそのまま送信してください。",
    openPaneLabel: "Inkanで署名",
  },
} as const satisfies Record<GuardLanguage, GuardText>;

/** Office.context.displayLanguage is an RFC 1766 tag such as "ja-JP"; everything that is not Japanese gets English. */
export function guardLanguage(displayLanguage: unknown): GuardLanguage {
  return typeof displayLanguage === "string" && /^ja(-|$)/i.test(displayLanguage) ? "ja" : "en";
}
