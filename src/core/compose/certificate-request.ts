/*
 * The message that asks recipients without a certificate for one: a signed reply carries the certificate, and the
 * pane keeps it from there (certificate harvesting). Short, in plain words, with one line per common mail client.
 */
import type { Mailbox } from "./types.js";

export type RequestLanguage = "en" | "ja";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function displayName(m: Mailbox): string {
  const name = m.name?.trim();
  return name === undefined || name === "" ? m.address : name;
}

interface RequestText {
  readonly subject: string;
  readonly greeting: (names: readonly string[]) => string;
  readonly ask: string;
  readonly what: string;
  readonly how: string;
  readonly clients: readonly string[];
  readonly noCertificate: string;
  readonly closing: string;
}

const TEXT = {
  en: {
    subject: "Could you reply with a signed email?",
    greeting: (names) => (names.length === 1 ? `Hello ${names[0]!},` : "Hello,"),
    ask:
      "I would like to send you encrypted email, and for that I need your email certificate. Could you reply to this " +
      "message with a digitally signed email? Your certificate travels with the signature, so nothing else is needed.",
    what:
      "S/MIME is the standard way to sign and encrypt email with a personal certificate: the signature shows that a " +
      "message really comes from you and was not changed, and encryption lets only you read what I send.",
    how: "To reply with a signature:",
    clients: [
      "Outlook: in your reply, choose Options › Sign.",
      "Thunderbird: in your reply, choose Security › Digitally Sign (with S/MIME).",
      "Apple Mail: in your reply, click the seal icon at the right of the Subject field so that it shows a check mark.",
    ],
    noCertificate:
      "If you have no certificate yet, a certificate authority can issue one; some issue free certificates that confirm your email address.",
    closing: "Thank you,",
  },
  ja: {
    subject: "電子署名付きメールでのご返信のお願い",
    greeting: (names) => (names.length === 1 ? `${names[0]!} 様` : "皆様"),
    ask:
      "暗号化したメールをお送りするため、あなたの電子証明書が必要です。お手数ですが、このメールに電子署名を付けて" +
      "ご返信いただけますでしょうか。証明書は署名と一緒に届きますので、ほかに送っていただくものはありません。",
    what:
      "S/MIME（エスマイム）は、電子証明書を使ってメールに電子署名を付けたり、メールを暗号化したりする仕組みです。" +
      "電子署名は、メールが確かにあなたから送られ、途中で改ざんされていないことを示します。暗号化したメールは、" +
      "あなただけが読めます。パスワード付きZIPとパスワードの別送（PPAP）に代わる方法です。",
    how: "署名を付けて返信する方法：",
    clients: [
      "Outlook：返信画面で［オプション］→［署名］を選びます。",
      "Thunderbird：返信画面の［セキュリティ］メニューで「デジタル署名」を選びます（S/MIME）。",
      "Apple Mail：返信画面で、件名欄の右にある署名のアイコンをクリックし、チェックマークの表示にします。",
    ],
    noCertificate:
      "電子証明書をお持ちでない場合は、認証局から取得できます。メールアドレスの所有のみを確認する無料の証明書もあります。",
    closing: "よろしくお願いいたします。",
  },
} as const satisfies Record<RequestLanguage, RequestText>;

/** The subject and HTML body of a request for a signed reply, from `from` to `to`. */
export function certificateRequestDraft(from: Mailbox, to: readonly Mailbox[], language: RequestLanguage): { subject: string; html: string } {
  const t: RequestText = TEXT[language];
  const paragraph = (text: string): string => `<p>${escapeHtml(text)}</p>`;
  const html = [
    paragraph(t.greeting(to.map(displayName))),
    paragraph(t.ask),
    paragraph(t.what),
    paragraph(t.how),
    `<ul>${t.clients.map((c) => `<li>${escapeHtml(c)}</li>`).join("")}</ul>`,
    paragraph(t.noCertificate),
    `<p>${escapeHtml(t.closing)}<br>${escapeHtml(displayName(from))}</p>`,
  ].join("\n");
  return { subject: t.subject, html };
}
