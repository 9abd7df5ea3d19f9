import type { ContentSource } from "../core/message-content.js";
import type { Encryption, Integrity, LayerKind, SignerRole, Status, ValidationLevel } from "../core/verdict-types.js";
import type { MessageFailure } from "../host/host.js";
import type { Localized } from "./language.js";

/** How the CA checked the signer's identity, in the words of GLOSSARY-ja. */
export const VALIDATION_TEXT = {
  mailbox: {
    en: "Mailbox-validated: the authority checked only that the signer controls this address, not who the person is",
    ja: "メールアドレスの所有のみ確認された証明書（本人や組織は確認されていません）",
  },
  organization: {
    en: "Organisation-validated: the authority checked that the organisation exists",
    ja: "組織の実在が確認された証明書（組織認証）",
  },
  sponsored: {
    en: "Sponsor-validated: an organisation vouches for this person",
    ja: "組織が本人を保証した証明書（スポンサー認証）",
  },
  individual: {
    en: "Individual-validated: the authority checked the person's identity",
    ja: "本人確認済みの証明書（個人認証）",
  },
  unknown: {
    en: "Not stated in the certificate",
    ja: "証明書に記載がありません",
  },
} as const satisfies Record<ValidationLevel, Localized>;

export const LAYER_KIND_TEXT = {
  "multipart-signed": { en: "Signature (multipart/signed)", ja: "電子署名（multipart/signed）" },
  "opaque-signed": { en: "Signature (signed-data)", ja: "電子署名（signed-data）" },
  enveloped: { en: "Encryption (enveloped-data)", ja: "暗号化（enveloped-data）" },
  "auth-enveloped": { en: "Encryption (authEnveloped-data)", ja: "暗号化（authEnveloped-data）" },
  "certs-only": { en: "Certificates only", ja: "証明書のみ" },
} as const satisfies Record<LayerKind, Localized>;

export const ENCRYPTION_TEXT = {
  none: { en: "Not encrypted", ja: "暗号化されていません" },
  decrypted: { en: "Encrypted, and decrypted with your key", ja: "暗号化されており、あなたの鍵で復号しました" },
  "no-key": {
    en: "Encrypted, but no key to decrypt it is available here",
    ja: "暗号化されていますが、復号するための鍵がここにはありません",
  },
  failed: { en: "Encrypted, and decryption failed", ja: "暗号化されていますが、復号に失敗しました" },
} as const satisfies Record<Encryption, Localized>;

/** Short status words for lists (layers, signers); the badge's own words live in the taskpane's status table. */
export const STATUS_WORD = {
  verified: { en: "verified", ja: "検証済み" },
  untrusted: { en: "not trusted", ja: "信頼性を確認できません" },
  mismatch: { en: "sender mismatch", ja: "差出人と署名者が不一致" },
  invalid: { en: "invalid", ja: "署名が無効" },
  partial: { en: "partly signed", ja: "一部のみ署名" },
  unsigned: { en: "not signed", ja: "署名なし" },
} as const satisfies Record<Status, Localized>;

export const FAILURE_TEXT = {
  "no-message": { en: "No message to check yet.", ja: "確認するメールがまだありません。" },
  unsupported: {
    en: "This version of Outlook cannot hand the message to add-ins. Save the message as a file and drop it here.",
    ja: "このバージョンの Outlook では、アドインがメールを読み取れません。メールをファイルとして保存し、ここへドロップしてください。",
  },
  "too-large": {
    en: "The file is too large to be a mail message (over 150 MB).",
    ja: "ファイルが大きすぎます（150 MB 超）。メールではないと考えられます。",
  },
  "read-failed": { en: "The message could not be read.", ja: "メールを読み取れませんでした。" },
} as const satisfies Record<MessageFailure, Localized>;

/** The identity check in the badge's few words; null where the certificate says nothing worth a mention. */
export const VALIDATION_SHORT = {
  mailbox: { en: "address control checked only", ja: "メールアドレスの所有のみ確認" },
  organization: { en: "organisation validated", ja: "組織認証" },
  sponsored: { en: "sponsor validated", ja: "スポンサー認証" },
  individual: { en: "individual validated", ja: "個人認証" },
  unknown: null,
} as const satisfies Record<ValidationLevel, Localized | null>;

/** Said in the badge when the message was encrypted; nothing when it was not. */
export const ENCRYPTION_NOTE = {
  none: null,
  decrypted: { en: "The message was encrypted and has been decrypted.", ja: "暗号化されたメールを復号しました。" },
  "no-key": {
    en: "The message is encrypted and cannot be opened here, so a signature inside it could not be checked.",
    ja: "暗号化されたメールのため、ここでは開けません。中に電子署名があっても確認できていません。",
  },
  failed: {
    en: "The message is encrypted and could not be decrypted, so a signature inside it could not be checked.",
    ja: "暗号化されたメールを復号できませんでした。中に電子署名があっても確認できていません。",
  },
} as const satisfies Record<Encryption, Localized | null>;

/** What the cipher mode means for a decrypted message. EFAIL showed why CBC without a signature matters. */
export const INTEGRITY_TEXT = {
  aead: {
    en: "AES-GCM: a change made in transit would have been detected.",
    ja: "AES-GCM：送信途中で変更されていれば検出されます。",
  },
  none: {
    en: "CBC: the content could have been altered in transit without detection. Only a valid signature protects it.",
    ja: "CBC：送信途中で内容が変更されても検出できません。内容を保証できるのは有効な電子署名だけです。",
  },
} as const satisfies Record<Integrity, Localized>;

/** Why a signer other than the one the verdict is about is listed. */
export const SIGNER_ROLE_TEXT = {
  binding: { en: "The signature the result is based on", ja: "判定の根拠となった署名" },
  additional: { en: "Also signed the content", ja: "本文にはこの署名もあります" },
  outer: {
    en: "Signed the encrypted message from outside: it cannot vouch for content it did not see",
    ja: "暗号化されたメールの外側の署名です。中身を見ずに付けられるため、内容を保証しません",
  },
  unbound: { en: "Not tied to the sender shown in From", ja: "差出人と結び付いていない署名" },
} as const satisfies Record<SignerRole, Localized>;

export type AuthMethod = "spf" | "dkim" | "dmarc";

/** Each domain check, with what it proves and what it does not. */
export const AUTH_METHOD_TEXT = {
  spf: {
    en: "SPF: the server that delivered the mail may send for the envelope domain. It says nothing about the From address or the person.",
    ja: "SPF：配送したサーバーが、そのドメインのメールを送ってよいサーバーであることを示します。差出人アドレスや送信者本人は確認しません。",
  },
  dkim: {
    en: "DKIM: a server of this domain signed the message and it was not changed since. The domain's users can all send such mail.",
    ja: "DKIM：このドメインのサーバーが署名し、その後変更されていないことを示します。そのドメインの利用者なら誰でも送れます。",
  },
  dmarc: {
    en: "DMARC: the domain in From matches a domain that passed SPF or DKIM. It proves the domain, not who wrote the mail.",
    ja: "DMARC：差出人のドメインが SPF または DKIM に合格したドメインと一致することを示します。書いた人ではなく、ドメインの確認です。",
  },
} as const satisfies Record<AuthMethod, Localized>;

/** What the content view says about where the text it shows comes from; null when it shows nothing. */
export const CONTENT_SOURCE_TEXT = {
  host: null,
  "opaque-signed": {
    en: "This message is signed in a form that Outlook may not display, so Inkan shows its content here. It is the content the signature covers.",
    ja: "このメールは Outlook で表示されないことがある形式で署名されているため、内容をここに表示します。署名の対象となった内容です。",
  },
  decrypted: {
    en: "Decrypted by Inkan. This is the content the checks above apply to.",
    ja: "Inkan が復号した内容です。上の判定はこの内容についてのものです。",
  },
  encrypted: {
    en: "This message is encrypted, and none of your certificates in Inkan can open it, so its content cannot be shown. If it was sent to you, import the certificate (.p12) it was encrypted to under Certificates.",
    ja: "このメールは暗号化されており、Inkan にあるあなたの証明書では復号できないため、内容を表示できません。あなたあてのメールなら、暗号化に使われた証明書（.p12）を「証明書」からインポートしてください。",
  },
  unreadable: {
    en: "The signed content is damaged and cannot be shown.",
    ja: "署名された内容が壊れているため、表示できません。",
  },
} as const satisfies Record<ContentSource, Localized | null>;
