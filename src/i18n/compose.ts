/**
 * The compose view's words. Every outcome code the view can meet (reading the draft, preparing the signer, building
 * and protecting the message, sending it) has its text in a table keyed by that code, so a new code fails the type
 * check until it is worded in both languages. Each failure text says what happened in plain words; the view adds
 * that the draft was left as it was.
 */
import type { SignError } from "../core/cms/sign/index.js";
import type { CertificateState, ProtectErrorCode } from "../core/compose/types.js";
import type { DiscardFailureCode, DraftReadFailureCode, SendFailureCode } from "../host/compose-host.js";
import type { Lang, Localized } from "./language.js";

export interface ComposeStrings {
  readonly heading: string;
  readonly notInOutlook: string;
  readonly noStore: string;
  readonly reading: string;
  readonly readAgain: string;

  readonly from: string;
  readonly signWith: (address: string) => string;
  readonly noIdentity: (address: string) => string;
  readonly identityExpired: (address: string, date: string) => string;
  readonly identityNotYetValid: (address: string, date: string) => string;
  readonly openCertificates: string;
  readonly passphrase: string;
  readonly passphraseHelp: string;

  readonly options: string;
  readonly sign: string;
  readonly signHelp: string;
  readonly encrypt: string;
  readonly encryptHelp: string;
  readonly needsIdentity: string;

  readonly recipients: string;
  readonly noRecipients: string;
  readonly obtainedFrom: (how: string) => string;
  readonly validUntil: (date: string) => string;
  readonly notVerified: string;
  readonly bccNote: string;

  readonly missingTitle: (count: number) => string;
  readonly missingBody: string;
  readonly removeInOutlook: string;
  readonly sendSignedOnly: string;
  readonly askCertificate: string;
  readonly askOpened: (address: string) => string;

  readonly send: string;
  readonly nothingToDo: string;
  readonly preparing: string;
  readonly protecting: string;
  readonly sending: (index: number, total: number) => string;
  readonly discarding: string;

  readonly sent: string;
  readonly sentPending: string;
  readonly sentDiscardFailed: string;
  readonly draftKept: string;
  readonly deliveredTo: string;
  readonly notDeliveredTo: string;
  readonly uncertainTo: string;
  readonly maybeSent: string;
  readonly partialHint: string;
  readonly tryAgain: string;
  readonly sendRest: string;

  readonly tooLargeTitle: string;
  readonly tooLarge: (size: string, limit: string) => string;
  readonly saveEml: string;
  readonly saveBccEml: (address: string) => string;
  readonly saved: string;
  readonly internalError: string;
  readonly detail: string;
}

export const COMPOSE_STRINGS = {
  en: {
    heading: "Sign and encrypt this message",
    notInOutlook:
      "Signing and encrypting works inside Outlook, in the window where you write a message: open Inkan there from the message's toolbar. This page on its own checks messages you received.",
    noStore:
      "This browser gives Inkan no storage here, so your certificate cannot be kept and this message can be neither signed nor encrypted.",
    reading: "Reading the message…",
    readAgain: "Read the recipients again",

    from: "From",
    signWith: (address) => `Your certificate for ${address} is used.`,
    noIdentity: (address) =>
      `You have no certificate for ${address} in Inkan, so this message can be neither signed nor encrypted. Import your certificate (.p12 file) under Certificates.`,
    identityExpired: (address, date) =>
      `Your certificate for ${address} expired on ${date}. Recipients would not trust a signature made with it. Renew it with your certificate authority and import the new .p12 under Certificates.`,
    identityNotYetValid: (address, date) =>
      `Your certificate for ${address} is valid only from ${date}. Check the date on this device.`,
    openCertificates: "Open Certificates",
    passphrase: "Passphrase of your key",
    passphraseHelp: "You chose to keep this key under a passphrase. Inkan needs it to sign.",

    options: "Protection",
    sign: "Sign",
    signHelp: "Recipients can check that the message comes from you and was not changed.",
    encrypt: "Encrypt",
    encryptHelp: "Only the recipients and you can read the message.",
    needsIdentity: "Signing and encrypting need your own certificate for the From address.",

    recipients: "Recipients",
    noRecipients: "The message has no recipients yet. Add them in Outlook, then read the recipients again.",
    obtainedFrom: (how) => `Certificate from ${how}`,
    validUntil: (date) => `valid until ${date}`,
    notVerified: "Not verified",
    bccNote: "Bcc recipients each get their own copy, so that no one sees who else got it.",

    missingTitle: (count) => (count === 1 ? "1 recipient has no usable certificate" : `${count} recipients have no usable certificate`),
    missingBody: "A message cannot be encrypted to someone without a valid certificate. You can send it signed only, or ask them for their certificate.",
    removeInOutlook: "To send encrypted to the others only, remove these recipients in Outlook, then read the recipients again.",
    sendSignedOnly: "Send signed only",
    askCertificate: "Ask for certificate",
    askOpened: (address) =>
      `A message to ${address} asking for their certificate is open in a new window. Send it signed with Inkan: once they reply with a signed mail, Inkan keeps their certificate.`,

    send: "Send",
    nothingToDo: "Turn on Sign or Encrypt, or send the message with Outlook's own Send button.",
    preparing: "Preparing your key…",
    protecting: "Signing and encrypting…",
    sending: (index, total) => (total === 1 ? "Sending…" : `Sending copy ${index} of ${total}…`),
    discarding: "Removing the draft…",

    sent: "Sent. The draft was removed; the message is in Sent Items.",
    sentPending: "Sent. The message is in Sent Items.",
    sentDiscardFailed: "Sent. The draft could not be removed: delete it from Drafts yourself, or close this message without sending it again.",
    draftKept: "Your draft is unchanged: nothing is lost.",
    deliveredTo: "Sent to",
    notDeliveredTo: "Not sent to",
    uncertainTo: "Perhaps sent to (not confirmed)",
    maybeSent:
      "The message may have gone out although Microsoft did not confirm it. Look in Sent Items before you send again, or it may arrive twice.",
    partialHint: "Sending the rest sends only the copies that did not go out; no one gets the message twice.",
    tryAgain: "Try again",
    sendRest: "Send the rest",

    tooLargeTitle: "Too large to send through Microsoft Graph",
    tooLarge: (size, limit) =>
      `The signed or encrypted message is ${size}, more than the ${limit} Microsoft Graph accepts for such mail, so nothing was sent. Make it smaller (fewer or smaller attachments), or save it as a file (.eml) and send it another way.`,
    saveEml: "Save as .eml",
    saveBccEml: (address) => `Save the copy for ${address}`,
    saved: "Saved. The message was not sent.",
    internalError: "Something went wrong in Inkan itself. Nothing was sent.",
    detail: "Details",
  },
  ja: {
    heading: "このメールに電子署名・暗号化",
    notInOutlook:
      "電子署名と暗号化は、Outlook でメールを作成するウィンドウの中で使えます。メール作成画面のツールバーから Inkan を開いてください。このページだけでは、受信したメールの確認ができます。",
    noStore: "このブラウザーではデータを保存できないため、あなたの証明書を保管できず、このメールに電子署名も暗号化もできません。",
    reading: "メールを読み取っています…",
    readAgain: "宛先を読み直す",

    from: "差出人",
    signWith: (address) => `${address} のあなたの証明書を使います。`,
    noIdentity: (address) =>
      `${address} のあなたの証明書が Inkan にないため、このメールには電子署名も暗号化もできません。「証明書」から、あなたの証明書（.p12 ファイル）をインポートしてください。`,
    identityExpired: (address, date) =>
      `${address} のあなたの証明書は ${date} に有効期限切れになりました。この証明書による署名は相手に信頼されません。認証局で更新し、新しい .p12 を「証明書」からインポートしてください。`,
    identityNotYetValid: (address, date) => `${address} のあなたの証明書は ${date} から有効です。端末の日時を確認してください。`,
    openCertificates: "証明書を開く",
    passphrase: "秘密鍵のパスフレーズ",
    passphraseHelp: "この秘密鍵はパスフレーズで保護されています。署名するにはパスフレーズが必要です。",

    options: "保護の方法",
    sign: "電子署名",
    signHelp: "あなたが送ったこと、内容が改ざんされていないことを、受信者が確認できます。",
    encrypt: "暗号化",
    encryptHelp: "受信者とあなただけが読めます。",
    needsIdentity: "電子署名と暗号化には、差出人アドレスのあなたの証明書が必要です。",

    recipients: "宛先",
    noRecipients: "宛先がまだありません。Outlook で宛先を入力してから、宛先を読み直してください。",
    obtainedFrom: (how) => `証明書の入手元：${how}`,
    validUntil: (date) => `有効期限 ${date}`,
    notVerified: "未検証",
    bccNote: "BCC の宛先には一人ずつ別のメールを送るため、ほかの受信者に知られることはありません。",

    missingTitle: (count) => `${count} 件の宛先に使える証明書がありません`,
    missingBody: "有効な証明書がない相手には、暗号化したメールを送れません。電子署名だけで送るか、相手に証明書を依頼してください。",
    removeInOutlook: "ほかの宛先にだけ暗号化して送る場合は、Outlook でこれらの宛先を削除してから、宛先を読み直してください。",
    sendSignedOnly: "電子署名だけで送る",
    askCertificate: "証明書を依頼",
    askOpened: (address) =>
      `${address} あての証明書の依頼メールを新しいウィンドウで開きました。Inkan で電子署名を付けて送ってください。相手から署名付きメールの返信が届くと、Inkan が相手の証明書を保存します。`,

    send: "送信",
    nothingToDo: "「電子署名」か「暗号化」をオンにしてください。どちらも使わない場合は、Outlook の送信ボタンで送ってください。",
    preparing: "秘密鍵を準備しています…",
    protecting: "電子署名・暗号化しています…",
    sending: (index, total) => (total === 1 ? "送信しています…" : `送信しています（${total} 通中 ${index} 通目）…`),
    discarding: "下書きを削除しています…",

    sent: "送信しました。下書きは削除し、メールは「送信済みアイテム」にあります。",
    sentPending: "送信しました。メールは「送信済みアイテム」にあります。",
    sentDiscardFailed: "送信しました。下書きを削除できなかったため、「下書き」から削除するか、再送信せずにこのメールを閉じてください。",
    draftKept: "下書きはそのまま残っています。内容は失われていません。",
    deliveredTo: "送信済み",
    notDeliveredTo: "未送信",
    uncertainTo: "送信できたか不明（確認が取れていません）",
    maybeSent:
      "Microsoft から確認は届きませんでしたが、送信済みの可能性があります。もう一度送る前に「送信済みアイテム」を確認してください。確認せずに送ると、二重に届くことがあります。",
    partialHint: "「残りを送信」では、送れなかった分だけを送ります。同じメールが二度届くことはありません。",
    tryAgain: "もう一度試す",
    sendRest: "残りを送信",

    tooLargeTitle: "Microsoft Graph で送るには大きすぎます",
    tooLarge: (size, limit) =>
      `電子署名・暗号化したメールは ${size} あり、Microsoft Graph がこの種のメールで受け付ける ${limit} を超えるため、送信していません。添付ファイルを減らすか小さくするか、ファイル（.eml）として保存してほかの方法で送ってください。`,
    saveEml: ".eml として保存",
    saveBccEml: (address) => `${address} あてのメールを保存`,
    saved: "保存しました。メールは送信していません。",
    internalError: "Inkan 内部で問題が起きました。何も送信していません。",
    detail: "詳細",
  },
} as const satisfies Record<Lang, ComposeStrings>;

/** The Send button says what will be done to the message. */
export type ProtectionChoice = "sign" | "encrypt" | "sign-encrypt";

export const SEND_BUTTON_TEXT = {
  sign: { en: "Sign & send", ja: "署名して送信" },
  encrypt: { en: "Encrypt & send", ja: "暗号化して送信" },
  "sign-encrypt": { en: "Sign, encrypt & send", ja: "署名・暗号化して送信" },
} as const satisfies Record<ProtectionChoice, Localized>;

/** A recipient's certificate, in the recipients list. */
export const CERTIFICATE_STATE_TEXT = {
  valid: { en: "Certificate valid", ja: "証明書は有効" },
  expiring: { en: "Certificate expires soon", ja: "証明書はまもなく期限切れ" },
  expired: { en: "Certificate expired", ja: "証明書は有効期限切れ" },
  none: { en: "No certificate", ja: "証明書なし" },
} as const satisfies Record<CertificateState, Localized>;

export type RecipientField = "to" | "cc" | "bcc";

export const FIELD_TEXT = {
  to: { en: "To", ja: "宛先" },
  cc: { en: "Cc", ja: "CC" },
  bcc: { en: "Bcc", ja: "BCC" },
} as const satisfies Record<RecipientField, Localized>;

export const DRAFT_READ_FAILURE_TEXT = {
  "no-compose-item": {
    en: "Inkan is not open on a message being written. Open it from the toolbar of a new message, a reply or a forward.",
    ja: "作成中のメールで Inkan が開かれていません。新規作成・返信・転送の画面のツールバーから開いてください。",
  },
  "cloud-attachment": {
    en: "The message has a cloud attachment (a OneDrive or SharePoint link), which cannot go into a signed or encrypted message. Attach the file itself as a copy instead.",
    ja: "クラウド添付ファイル（OneDrive や SharePoint のリンク）は、電子署名・暗号化したメールに含められません。ファイルそのものをコピーとして添付し直してください。",
  },
  "attachment-read-failed": {
    en: "Outlook did not hand over an attachment. Wait until every attachment has finished uploading, then try again.",
    ja: "Outlook から添付ファイルを受け取れませんでした。すべての添付ファイルのアップロードが終わってから、もう一度お試しください。",
  },
  "office-read-failed": {
    en: "Outlook did not hand over the message (recipients, subject or text). Try again in a moment.",
    ja: "Outlook からメールの内容（宛先・件名・本文）を受け取れませんでした。少し待ってから、もう一度お試しください。",
  },
} as const satisfies Record<DraftReadFailureCode, Localized>;

export const PROTECT_ERROR_TEXT = {
  "no-recipients": {
    en: "The message has no recipients. Add them in Outlook, then try again.",
    ja: "宛先がありません。Outlook で宛先を入力してから、もう一度お試しください。",
  },
  "missing-certificates": {
    en: "Some recipients have no usable certificate, so the message cannot be encrypted to them:",
    ja: "使える証明書がない宛先があるため、暗号化できません：",
  },
  "sign-failed": {
    en: "The message could not be signed with your certificate.",
    ja: "あなたの証明書で電子署名できませんでした。",
  },
  "encrypt-failed": {
    en: "A certificate could not be used to encrypt (it may have expired, or not be meant for encryption). Look at the recipient's certificate under Certificates, or send signed only.",
    ja: "暗号化に使えない証明書があります（有効期限切れ、または暗号化用ではない可能性があります）。「証明書」で相手の証明書を確認するか、電子署名だけで送ってください。",
  },
  "malformed-draft": {
    en: "The message could not be put together for sending (an inline picture or attachment is damaged). Remove and add it again, then try again.",
    ja: "送信用のメールを組み立てられませんでした（本文中の画像や添付ファイルが壊れています）。いったん削除して付け直してから、もう一度お試しください。",
  },
} as const satisfies Record<ProtectErrorCode, Localized>;

/** Why the signing key could not be made ready; each as the sender meets it. */
export const SIGNER_ERROR_TEXT = {
  "unsupported-key": {
    en: "Your key is of a kind this browser cannot sign with.",
    ja: "あなたの秘密鍵は、このブラウザーでは署名に使えない種類です。",
  },
  "malformed-message": {
    en: "The message could not be prepared for signing.",
    ja: "署名するためのメールを準備できませんでした。",
  },
  "key-mismatch": {
    en: "Your stored key does not belong to your certificate. Import your .p12 file again under Certificates.",
    ja: "保存されている秘密鍵が証明書と一致しません。「証明書」から .p12 ファイルをインポートし直してください。",
  },
  "not-for-signing": {
    en: "Your certificate is not meant for signing mail (its key usage says so). Ask your certificate authority for an S/MIME certificate.",
    ja: "あなたの証明書はメールの署名用ではありません（鍵の用途で制限されています）。認証局に S/MIME 証明書を依頼してください。",
  },
  "cert-without-email": {
    en: "Your certificate names no e-mail address, so recipients could not tie a signature to you.",
    ja: "あなたの証明書にメールアドレスがないため、受信者は署名とあなたを結び付けられません。",
  },
  "email-mismatch": {
    en: "Your certificate is for another address than the From address of this message. Recipients would see a sender mismatch.",
    ja: "あなたの証明書のメールアドレスが、このメールの差出人アドレスと異なります。受信者には「差出人と署名者が一致しません」と表示されます。",
  },
} as const satisfies Record<SignError, Localized>;

/** Why the stored key could not be opened for signing. */
export type KeyLoadProblem =
  /** Kept under a passphrase and none, or a wrong one, was given. */
  | "locked"
  /** The key record cannot be opened (the store's master key is unusable, or the record is damaged). */
  | "unusable"
  /** The identity was deleted after the view listed it. */
  | "gone"
  /** The store could not be read. */
  | "store-failed";

export const KEY_LOAD_TEXT = {
  locked: {
    en: "Your key is kept under a passphrase. Enter the passphrase above (a wrong one opens nothing).",
    ja: "秘密鍵はパスフレーズで保護されています。上の欄にパスフレーズを入力してください（誤ったパスフレーズでは開けません）。",
  },
  unusable: {
    en: "Your stored key cannot be opened on this device any more. Import your .p12 file again under Certificates.",
    ja: "保存されている秘密鍵をこの端末で開けなくなりました。「証明書」から .p12 ファイルをインポートし直してください。",
  },
  gone: {
    en: "Your certificate was removed from Inkan. Import it again under Certificates.",
    ja: "あなたの証明書は Inkan から削除されています。「証明書」からインポートし直してください。",
  },
  "store-failed": {
    en: "Your stored certificates could not be read. Reload the page and try again.",
    ja: "保存された証明書を読み込めませんでした。ページを再読み込みして、もう一度お試しください。",
  },
} as const satisfies Record<KeyLoadProblem, Localized>;

export const SEND_FAILURE_TEXT = {
  "graph-not-configured": {
    en: "Sending is not set up for your organisation: Inkan has no Microsoft Entra application to send through Microsoft Graph. Ask your administrator (docs/entra-app.md).",
    ja: "組織で送信の設定がされていません。Microsoft Graph で送るための Microsoft Entra アプリケーションが Inkan に設定されていません。管理者に連絡してください（docs/entra-app.md）。",
  },
  "naa-unsupported": {
    en: "This version of Outlook cannot let add-ins send mail (it lacks nested app authentication). Use Outlook on the web or a current Outlook for Windows or Mac.",
    ja: "このバージョンの Outlook では、アドインからメールを送れません（Nested App Authentication に未対応）。Outlook on the web か、最新の Windows 版・Mac 版 Outlook をお使いください。",
  },
  "auth-declined": {
    en: "The sign-in was closed or permission was not given, so Inkan could not send for you. Try again and allow Inkan to send mail.",
    ja: "サインインが閉じられたか、許可されなかったため、送信できませんでした。もう一度試して、Inkan によるメール送信を許可してください。",
  },
  "auth-prompt-blocked": {
    en: "The sign-in window could not open. Try again: pressing the button lets it open.",
    ja: "サインインのウィンドウを開けませんでした。もう一度お試しください（ボタンを押すと開けるようになります）。",
  },
  "auth-failed": {
    en: "Signing in to Microsoft failed. Your organisation may need an administrator to approve Inkan first.",
    ja: "Microsoft へのサインインに失敗しました。組織の管理者による Inkan の承認が必要な場合があります。",
  },
  "graph-forbidden": {
    en: "Microsoft Graph refused to send for you (no permission to send mail from this mailbox). Ask your administrator.",
    ja: "Microsoft Graph に送信を拒否されました（このメールボックスから送信する権限がありません）。管理者に連絡してください。",
  },
  "graph-request-too-large": {
    en: "Microsoft Graph refused the message as too large. Make it smaller (fewer or smaller attachments).",
    ja: "Microsoft Graph にメールが大きすぎるとして拒否されました。添付ファイルを減らすか小さくしてください。",
  },
  "graph-throttled": {
    en: "Microsoft Graph is asking to slow down (too many requests). Wait a minute, then try again.",
    ja: "Microsoft Graph が混み合っています（要求が多すぎます）。1 分ほど待ってから、もう一度お試しください。",
  },
  "graph-unavailable": {
    en: "Microsoft's mail service is not answering right now. Try again in a few minutes.",
    ja: "Microsoft のメールサービスが現在応答していません。数分後にもう一度お試しください。",
  },
  "graph-failed": {
    en: "Microsoft Graph did not accept the message, for a reason Inkan does not know.",
    ja: "Microsoft Graph がメールを受け付けませんでした（Inkan が想定していない理由です）。",
  },
  network: {
    en: "There is no connection to Microsoft's mail service. Check the network, then try again.",
    ja: "Microsoft のメールサービスに接続できません。ネットワークを確認してから、もう一度お試しください。",
  },
} as const satisfies Record<SendFailureCode, Localized>;

/** Sent, but the draft was not cleared away: what the user still has to do. */
export const DISCARD_FAILURE_TEXT = {
  "not-sent": {
    en: "The draft was kept, since Inkan saw no message accepted.",
    ja: "送信の受付が確認できなかったため、下書きは残しています。",
  },
  "draft-delete-failed": {
    en: "Sent. The draft could not be deleted, so this window stays open: discard it yourself (do not send it again).",
    ja: "送信しました。下書きを削除できなかったため、この画面は開いたままです。再送信せずに破棄してください。",
  },
  "close-unsupported": {
    en: "Sent, and the draft was deleted. This version of Outlook cannot close the window by itself: close it without sending.",
    ja: "送信し、下書きも削除しました。このバージョンの Outlook では画面を自動で閉じられないため、送信せずに閉じてください。",
  },
  "close-failed": {
    en: "Sent, and the draft was deleted. The window could not be closed: close it without sending.",
    ja: "送信し、下書きも削除しました。画面を閉じられなかったため、送信せずに閉じてください。",
  },
} as const satisfies Record<DiscardFailureCode, Localized>;
