import type { Encryption, LayerKind, Status, ValidationLevel } from "../core/verdict-types.js";
import type { MessageFailure } from "../host/host.js";
import type { Localized } from "./language.js";

/** How the CA checked the signer's identity, in the words of GLOSSARY-ja. */
export const VALIDATION_TEXT = {
  mailbox: {
    en: "Mailbox-validated: the authority checked only that the signer controls this address",
    ja: "メールアドレスの所有のみ確認された証明書",
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
