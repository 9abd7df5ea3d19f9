import type { Reason } from "../core/verdict-types.js";
import type { Localized } from "./language.js";

/**
 * Every reason code in plain words, for readers who have never heard of a certificate. Help desks see the code next to
 * the sentence, so the words may simplify.
 */
export const REASON_TEXT = {
  "untrusted-root": {
    en: "The certificate comes from an authority this checker does not trust (an unknown or private CA).",
    ja: "証明書の発行元（認証局）が信頼されていません。不明な認証局か、組織内の認証局です。",
  },
  "self-signed": {
    en: "The certificate is self-signed: nobody else vouches for who the signer is.",
    ja: "自己署名の証明書です。署名者が誰なのかを第三者が保証していません。",
  },
  expired: {
    en: "The certificate had already expired when the message was signed.",
    ja: "署名した時点で、証明書の有効期限が切れていました。",
  },
  "expired-since-signing": {
    en: "The certificate was valid when the message was signed and has expired since. That is normal for older mail.",
    ja: "署名した時点では証明書は有効でしたが、その後に有効期限が切れています。古いメールでは普通のことです。",
  },
  "not-yet-valid": {
    en: "The certificate was not yet valid when the message was signed.",
    ja: "署名した時点で、証明書の有効期間がまだ始まっていませんでした。",
  },
  revoked: {
    en: "The certificate has been revoked by its authority: it must not be relied on.",
    ja: "証明書は認証局によって失効されています。信頼してはいけません。",
  },
  "revocation-unknown": {
    en: "Whether the certificate has been revoked was not checked.",
    ja: "証明書が失効していないかどうかは確認していません。",
  },
  "weak-algorithm": {
    en: "The signature uses an outdated algorithm (such as SHA-1) that can be forged.",
    ja: "署名に古いアルゴリズム（SHA-1 など）が使われており、偽造されるおそれがあります。",
  },
  "unsupported-algorithm": {
    en: "The signature uses an algorithm this checker cannot verify.",
    ja: "署名に、このツールでは検証できないアルゴリズムが使われています。",
  },
  "time-mismatch": {
    en: "The time of signing is far from the date the message claims.",
    ja: "署名した日時が、メールに記載された日付と大きく異なります。",
  },
  "email-mismatch": {
    en: "The certificate belongs to a different address than the sender shown in From.",
    ja: "証明書のメールアドレスが、差出人アドレスと一致しません。",
  },
  "no-from": {
    en: "The message has no sender address (From) to compare the signature with.",
    ja: "メールに差出人アドレス（From）がないため、署名者と照合できません。",
  },
  "multiple-from": {
    en: "The message names more than one sender, so it is unclear who sent it.",
    ja: "差出人が複数記載されており、誰が送ったのかがはっきりしません。",
  },
  "cert-without-email": {
    en: "The certificate contains no e-mail address, so it cannot prove who sent this message.",
    ja: "証明書にメールアドレスが記載されていないため、送信者を証明できません。",
  },
  "digest-mismatch": {
    en: "The message was changed after it was signed.",
    ja: "署名された後に、メールの内容が変更されています（改ざんの可能性）。",
  },
  "bad-signature": {
    en: "The signature value is wrong: the signature is broken or forged.",
    ja: "署名の値が正しくありません。署名が壊れているか、偽造されています。",
  },
  malformed: {
    en: "The signature data is damaged and cannot be read.",
    ja: "署名データが壊れていて読み取れません。",
  },
  "no-signer": {
    en: "The signature block contains no signature.",
    ja: "署名データの中に、署名が含まれていません。",
  },
  "econtent-in-detached": {
    en: "The signature carries a second, hidden copy of the content, a trick to show one text and sign another.",
    ja: "署名の中に、表示とは別の本文が隠されています。表示と異なる内容に署名する手口です。",
  },
  "bad-signed-attributes": {
    en: "The signed details (time, content type) inside the signature are missing or inconsistent.",
    ja: "署名に含まれる情報（署名日時や内容の種類）が欠けているか、矛盾しています。",
  },
  "wrong-key-usage": {
    en: "The certificate is not allowed to sign mail.",
    ja: "この証明書は、メールへの署名に使うことが認められていません。",
  },
  "partially-signed": {
    en: "Only part of the message is signed; the rest could have been added by anyone.",
    ja: "メールの一部だけが署名されています。それ以外の部分は誰でも付け加えられます。",
  },
  "outer-signature-ignored": {
    en: "A signature around the encrypted part was ignored: it cannot vouch for content it could not see.",
    ja: "暗号化された部分の外側にある署名は無視しました。中身を見ずに付けられた署名は内容を保証できません。",
  },
  "header-mismatch": {
    en: "The sender inside the signed part differs from the sender shown.",
    ja: "署名された部分の中の差出人が、表示されている差出人と異なります。",
  },
  "signer-cert-missing": {
    en: "The signer's certificate was not included, so the signer cannot be identified.",
    ja: "署名者の証明書が添付されていないため、署名者を特定できません。",
  },
  "bad-chain-signature": {
    en: "The certificate's chain to its authority is broken (a signature in the chain does not verify).",
    ja: "証明書から認証局までの連鎖が壊れています（途中の署名が検証できません）。",
  },
  "ca-not-allowed": {
    en: "A certificate in the chain is not allowed to act as an authority.",
    ja: "連鎖の途中に、認証局として使うことが認められていない証明書があります。",
  },
  "limit-exceeded": {
    en: "The message is built in an unusually complex way and was not checked completely.",
    ja: "メールの構造が異常に複雑なため、すべてを確認できませんでした。",
  },
  "unsupported-critical-extension": {
    en: "The certificate contains a critical extension this checker does not understand.",
    ja: "証明書に、このツールが理解できない必須の拡張情報が含まれています。",
  },
  "ambiguous-from": {
    en: "The sender address is written in a way mail programs read differently, so the signer cannot be matched to it.",
    ja: "差出人アドレスの書き方があいまいで、メールソフトによって読み取り方が異なるため、署名者と照合できません。",
  },
} as const satisfies Record<Reason, Localized>;
