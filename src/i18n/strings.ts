import type { Lang } from "./language.js";

/** The UI's fixed words. Each language implements the whole interface, so a missing string fails the type check. */
export interface UiStrings {
  readonly title: string;
  readonly tagline: string;
  readonly language: string;
  readonly dropPrompt: string;
  readonly chooseFile: string;
  readonly checking: string;
  readonly checkFailed: string;
  readonly fileLabel: string;
  readonly signer: string;
  readonly name: string;
  readonly address: string;
  readonly organization: string;
  readonly issuer: string;
  readonly validation: string;
  readonly signingTime: string;
  readonly algorithm: string;
  readonly from: string;
  readonly encryption: string;
  readonly reasons: string;
  readonly notes: string;
  readonly details: string;
  readonly layers: string;
  readonly layer: string;
  readonly depth: string;
  readonly coversShown: string;
  readonly yes: string;
  readonly no: string;
  readonly none: string;
  readonly unknownIssuer: string;
  readonly unknownSigner: string;
  readonly signers: string;
  readonly composeNotReady: string;
  readonly slogan: string;
}

export const UI_STRINGS = {
  en: {
    title: "Inkan",
    tagline: "S/MIME signature check",
    language: "Language",
    dropPrompt: "Drop a saved message (.eml) here to check its signature",
    chooseFile: "Choose a file",
    checking: "Checking…",
    checkFailed: "The check itself failed. This is a fault in Inkan, not a verdict on the message.",
    fileLabel: "File",
    signer: "Signer",
    name: "Name",
    address: "Address",
    organization: "Organisation",
    issuer: "Issued by",
    validation: "Identity check",
    signingTime: "Signed at",
    algorithm: "Algorithm",
    from: "From",
    encryption: "Encryption",
    reasons: "Why",
    notes: "Also worth knowing",
    details: "Details for help desks",
    layers: "S/MIME layers",
    layer: "Layer",
    depth: "depth",
    coversShown: "covers the shown message",
    yes: "yes",
    no: "no",
    none: "none",
    unknownIssuer: "an unknown authority",
    unknownSigner: "an unknown signer",
    signers: "Signers",
    composeNotReady: "Signing and encrypting from Outlook is not available yet.",
    slogan: "Check the certificate first.",
  },
  ja: {
    title: "Inkan",
    tagline: "S/MIME 電子署名の確認",
    language: "言語",
    dropPrompt: "保存したメール（.eml）をここへドロップすると、電子署名を確認します",
    chooseFile: "ファイルを選択",
    checking: "確認しています…",
    checkFailed: "確認処理そのものが失敗しました。Inkan の不具合であり、メールの判定ではありません。",
    fileLabel: "ファイル",
    signer: "署名者",
    name: "名前",
    address: "メールアドレス",
    organization: "組織",
    issuer: "発行者",
    validation: "本人確認の方法",
    signingTime: "署名日時",
    algorithm: "アルゴリズム",
    from: "差出人",
    encryption: "暗号化",
    reasons: "理由",
    notes: "補足",
    details: "詳細（ヘルプデスク向け）",
    layers: "S/MIME の階層",
    layer: "階層",
    depth: "深さ",
    coversShown: "表示中の本文を含む",
    yes: "はい",
    no: "いいえ",
    none: "なし",
    unknownIssuer: "不明な認証局",
    unknownSigner: "不明な署名者",
    signers: "署名者一覧",
    composeNotReady: "Outlook からの署名・暗号化はまだ利用できません。",
    slogan: "メールチェックは電子証明書から",
  },
} as const satisfies Record<Lang, UiStrings>;
