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
  readonly slogan: string;
  readonly help: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly chain: string;
  readonly trustAnchor: string;
  readonly otherSignatures: string;
  readonly integrity: string;
  readonly encryptedFor: string;
  readonly domainChecks: string;
  readonly domainChecksBy: string;
  readonly domainChecksNone: string;
  readonly domainChecksCaveat: string;
  readonly domain: string;
  readonly contentHeading: string;
  readonly contentFrameTitle: string;
  readonly contentBlocked: string;
  readonly showText: string;
  readonly showFormatted: string;
  readonly attachments: string;
  readonly save: string;
  readonly saveNamed: string;
  readonly copyReport: string;
  readonly copied: string;
  readonly copyFallback: string;
  readonly reportJson: string;
  readonly report: string;
  readonly samples: string;
  readonly sampleNotice: string;
  readonly sampleFailed: string;
  readonly retry: string;
  readonly signIn: string;
  readonly views: string;
  readonly navRead: string;
  readonly navCertificates: string;
  readonly loading: string;
  readonly storeReloadNeeded: string;
  readonly keysPending: string;
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
    slogan: "Check the certificate first.",
    help: "What does this mean?",
    validFrom: "Certificate valid from",
    validUntil: "Certificate valid until",
    chain: "Certificate chain (signer first)",
    trustAnchor: "Trusted root",
    otherSignatures: "Other signatures on this message",
    integrity: "Protection against changes in transit",
    encryptedFor: "Encrypted for",
    domainChecks: "Domain checks (SPF, DKIM, DMARC)",
    domainChecksBy: "Recorded by the receiving mail server",
    domainChecksNone: "The message carries no domain check results (no Authentication-Results header).",
    domainChecksCaveat:
      "These checks authenticate the sending domain, not a person: they pass for anyone who can send through that domain's servers, and they do not change the signature result above.",
    domain: "domain",
    contentHeading: "Message content, as the sender wrote it",
    contentFrameTitle: "Message content written by the sender",
    contentBlocked: "Links, scripts and anything that would load from the internet are turned off here.",
    showText: "Show as plain text",
    showFormatted: "Show formatted",
    attachments: "Attachments",
    save: "Save",
    saveNamed: "Save attachment",
    copyReport: "Copy report",
    copied: "The report was copied.",
    copyFallback: "This page may not copy by itself. The report is selected below: press Ctrl+C (⌘C on a Mac) to copy it.",
    reportJson: "Report as JSON",
    report: "Report",
    samples: "Try a sample",
    sampleNotice: "Sample message. It is checked with sample certificates from the project's test PKI, which Inkan trusts for samples only.",
    sampleFailed: "The sample could not be loaded.",
    retry: "Try again",
    signIn: "Sign in to read this message",
    views: "Views",
    navRead: "Message",
    navCertificates: "Certificates",
    loading: "Loading…",
    storeReloadNeeded: "Inkan was updated in another window. Reload this page to keep using your certificates.",
    keysPending:
      "Your keys and certificates on this device are taking long to read. This result was reached without them: encrypted mail is not opened yet, and your organisation's certificates are not counted. It is updated when they have been read.",
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
    slogan: "メールチェックは電子証明書から",
    help: "表示の意味",
    validFrom: "証明書の有効期間（開始）",
    validUntil: "証明書の有効期限",
    chain: "証明書の連鎖（署名者から順に）",
    trustAnchor: "信頼するルート認証局",
    otherSignatures: "このメールのほかの署名",
    integrity: "送信途中の改ざんへの保護",
    encryptedFor: "暗号化の宛先",
    domainChecks: "送信ドメイン認証（SPF・DKIM・DMARC）",
    domainChecksBy: "受信したメールサーバーによる記録",
    domainChecksNone: "このメールには送信ドメイン認証の結果がありません（Authentication-Results ヘッダーがありません）。",
    domainChecksCaveat:
      "送信ドメイン認証は送信元のドメインを確認するもので、送信者本人を確認するものではありません。そのドメインのサーバーから送れる人なら誰でも合格します。上の電子署名の判定は変わりません。",
    domain: "ドメイン",
    contentHeading: "メール本文（送信者が書いたままの内容）",
    contentFrameTitle: "送信者が書いたメール本文",
    contentBlocked: "リンク、スクリプト、インターネットから読み込む内容はここでは無効にしています。",
    showText: "テキストで表示",
    showFormatted: "書式付きで表示",
    attachments: "添付ファイル",
    save: "保存",
    saveNamed: "添付ファイルを保存",
    copyReport: "レポートをコピー",
    copied: "レポートをコピーしました。",
    copyFallback: "このページからは自動でコピーできません。下のレポートを選択しましたので、Ctrl+C（Mac では ⌘C）でコピーしてください。",
    reportJson: "レポート（JSON）",
    report: "レポート",
    samples: "サンプルを試す",
    sampleNotice:
      "サンプルのメールです。このプロジェクトのテスト用認証局が発行したサンプルの証明書で確認しています。この認証局はサンプルに限って信頼しています。",
    sampleFailed: "サンプルを読み込めませんでした。",
    retry: "もう一度試す",
    signIn: "サインインしてメールを読み取る",
    views: "表示の切り替え",
    navRead: "メール",
    navCertificates: "証明書",
    loading: "読み込んでいます…",
    storeReloadNeeded: "別のウィンドウで Inkan が更新されました。証明書を引き続き使うには、このページを再読み込みしてください。",
    keysPending:
      "この端末の秘密鍵と証明書の読み込みに時間がかかっています。この結果はそれらを使わずに判定したもので、暗号化されたメールはまだ開かれず、組織の証明書も考慮されていません。読み込みが終わると結果を更新します。",
  },
} as const satisfies Record<Lang, UiStrings>;
