/**
 * The Certificates view's words, and the read view's words about saving a sender's certificate. Every outcome code
 * the view can meet has its text in a table keyed by that code, so a new code fails the type check until it is
 * worded in both languages.
 */
import type { IdentityError } from "../core/keys/identity.js";
import type {
  AddAnchorResult,
  ContactImportResult,
  ContactSource,
  ExpiryState,
  ImportIdentityError,
  KeyProtection,
  OpenStoreError,
} from "../store/types.js";
import type { Lang, Localized } from "./language.js";

export interface CertificateStrings {
  readonly heading: string;
  readonly intro: string;
  readonly persistenceNote: string;
  readonly listFailed: string;

  readonly ownHeading: string;
  readonly ownNone: string;
  readonly importHeading: string;
  readonly importHelp: string;
  readonly chooseP12: string;
  readonly noFileChosen: string;
  readonly password: string;
  readonly passwordHelp: string;
  readonly importButton: string;
  readonly importing: string;
  readonly imported: (added: number, already: number) => string;
  readonly supersededNote: (count: number) => string;

  readonly contactsHeading: string;
  readonly contactsHelp: string;
  readonly contactsNone: string;
  readonly chooseCertificate: string;
  readonly contactsImported: (count: number) => string;
  readonly contactsAlready: (count: number) => string;
  readonly contactsKeptVerified: (addresses: string) => string;

  readonly anchorsHeading: string;
  readonly anchorsHelp: string;
  readonly anchorsNone: string;
  readonly anchorLabel: string;
  readonly anchorLabelHelp: string;
  readonly chooseAnchor: string;
  readonly addAnchor: string;
  readonly anchorAdded: string;
  readonly anchorRelabelled: string;
  readonly removeAnchor: string;
  readonly removeAnchorTitle: string;
  readonly removeAnchorWarning: string;

  readonly validUntil: (date: string) => string;
  readonly superseded: string;
  readonly supersededHelp: string;
  readonly verifiedMark: string;
  readonly unverifiedMark: string;
  readonly details: string;
  readonly hideDetails: string;
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly addresses: string;
  readonly keyType: string;
  readonly keyUsage: string;
  readonly validation: string;
  readonly fingerprint: string;
  readonly protection: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly source: string;
  readonly unreadableCertificate: string;

  readonly exportCertificate: string;
  readonly exportIdentity: string;
  readonly exportTitle: string;
  readonly exportHelp: string;
  readonly exportPassword: string;
  readonly exportRepeat: string;
  readonly exportTooShort: (min: number) => string;
  readonly exportMismatch: string;
  readonly exportButton: string;
  readonly exportDone: string;
  readonly exportUnavailable: string;

  readonly delete: string;
  readonly cancel: string;
  readonly close: string;
  readonly deleteIdentityTitle: string;
  readonly deleteIdentityWarning: string;
  readonly deleteContactTitle: string;
  readonly deleteContactWarning: string;
  readonly deleteFailed: string;

  readonly guideTitle: string;
  readonly guideWhat: string;
  readonly guideWhereTitle: string;
  readonly guideWhere: readonly string[];
  readonly guideHowTitle: string;
  readonly guideHow: readonly string[];

}

export const CERTIFICATE_STRINGS = {
  en: {
    heading: "Certificates and keys",
    intro: "Everything here stays on this device. Nothing is sent anywhere.",
    persistenceNote:
      "This browser may clear stored data when the disk runs low. Keep your .p12 file and its password, so that you can import them again.",
    listFailed: "The stored certificates could not be read. Reload the page to try again.",

    ownHeading: "Your certificates",
    ownNone: "You have not imported a certificate of your own yet.",
    importHeading: "Import your certificate (.p12 / .pfx)",
    importHelp:
      "A .p12 or .pfx file holds your certificate and your private key. Your certificate authority or IT department gives it to you with a password.",
    chooseP12: "Choose a .p12 or .pfx file",
    noFileChosen: "No file chosen",
    password: "Password of the file",
    passwordHelp: "The password you received with the file, or the one you set when you exported it.",
    importButton: "Import",
    importing: "Importing…",
    imported: (added, already) =>
      added > 0
        ? `Imported. Encrypted mail sent to ${added === 1 ? "this certificate" : "these certificates"} now opens here.`
        : `${already > 1 ? "These certificates were" : "This certificate was"} already imported. Nothing changed.`,
    supersededNote: (count) =>
      `${count === 1 ? "An older certificate" : `${count} older certificates`} for the same address ${count === 1 ? "is" : "are"} now marked as replaced. ${count === 1 ? "Its key stays" : "Their keys stay"}, so older encrypted mail still opens.`,

    contactsHeading: "Your contacts' certificates",
    contactsHelp:
      "With a contact's certificate you can send them encrypted mail. Inkan saves it by itself when a verified signed mail arrives from them; you can also import a .cer, .pem or .p7c file they sent you.",
    contactsNone: "No contact certificates yet.",
    chooseCertificate: "Import a contact's certificate (.cer, .pem, .p7c)",
    contactsImported: (count) => `Imported ${count === 1 ? "1 certificate" : `${count} certificates`}. Imported certificates are marked as not verified.`,
    contactsAlready: (count) => `${count === 1 ? "This certificate was" : `${count} of these certificates were`} already saved.`,
    contactsKeptVerified: (addresses) =>
      `Not imported for ${addresses}: a verified certificate for this address is already saved, and an unverified one never replaces it. If the person really has a new certificate, ask them to send you a signed mail with it.`,

    anchorsHeading: "Your organisation's certificate authorities",
    anchorsHelp:
      "If your organisation runs its own certificate authority, add its root certificate here. Mail signed with certificates it issued then shows as verified. Add only a certificate your IT department gave you.",
    anchorsNone: "No organisation certificate authority added. The built-in list of public authorities is used.",
    anchorLabel: "Name to show",
    anchorLabelHelp: "For example the organisation's name.",
    chooseAnchor: "Choose the root certificate (.cer, .pem)",
    addAnchor: "Add",
    anchorAdded: "The certificate authority was added.",
    anchorRelabelled: "This certificate authority was already added; its name was changed.",
    removeAnchor: "Remove",
    removeAnchorTitle: "Remove this certificate authority?",
    removeAnchorWarning: "Mail signed with certificates it issued will no longer show as verified.",

    validUntil: (date) => `Valid until ${date}`,
    superseded: "Replaced by a newer certificate",
    supersededHelp: "Kept so that older mail encrypted to it still opens.",
    verifiedMark: "Verified",
    unverifiedMark: "Not verified",
    details: "Details",
    hideDetails: "Hide details",
    subject: "Subject",
    issuer: "Issued by",
    serialNumber: "Serial number",
    validFrom: "Valid from",
    validTo: "Valid until",
    addresses: "Addresses",
    keyType: "Key",
    keyUsage: "Allowed uses",
    validation: "Identity check",
    fingerprint: "SHA-256 fingerprint",
    protection: "Private key kept",
    firstSeen: "First seen",
    lastSeen: "Last seen",
    source: "Saved from",
    unreadableCertificate: "This certificate could not be read.",

    exportCertificate: "Save certificate (.cer)",
    exportIdentity: "Export with private key (.p12)",
    exportTitle: "Export your certificate and private key",
    exportHelp:
      "For your other devices or mail programs. Anyone with this file and its password can sign as you and read your encrypted mail: choose a strong password and keep the file safe.",
    exportPassword: "New password for the file",
    exportRepeat: "Repeat the password",
    exportTooShort: (min) => `Use at least ${min} characters.`,
    exportMismatch: "The two passwords differ.",
    exportButton: "Export",
    exportDone: "The file was saved.",
    exportUnavailable: "The private key could not be opened on this device, so it cannot be exported.",

    delete: "Delete",
    cancel: "Cancel",
    close: "Close",
    deleteIdentityTitle: "Delete this certificate and its private key?",
    deleteIdentityWarning:
      "Mail encrypted to this certificate will no longer open on this device, old mail included. Delete it only if you have a copy (an exported .p12) or no longer need that mail.",
    deleteContactTitle: "Delete this contact's certificate?",
    deleteContactWarning: "You will not be able to send encrypted mail to this person until you have their certificate again.",
    deleteFailed: "It could not be deleted. Try again.",

    guideTitle: "No certificate yet? How to start",
    guideWhat:
      "With an S/MIME certificate of your own, you sign your mail: receivers can check that it really comes from you and was not changed. Others can also send you encrypted mail that only you can open, a safer replacement for password-protected ZIP files.",
    guideWhereTitle: "Where to get one",
    guideWhere: [
      "Certificates are issued by certificate authorities. Some issue free certificates that only check that you control your mail address (for example Actalis).",
      "Paid certificates also check who you are, or that your organisation exists, and receivers see that in the signature.",
      "Your organisation may have its own certificate authority: ask your IT department.",
    ],
    guideHowTitle: "How to import it",
    guideHow: [
      "Get your certificate as a .p12 or .pfx file, with its password. If it is installed in Windows or macOS already, export it from there including the private key.",
      "Choose the file under “Import your certificate”, type its password and press Import.",
      "From then on, encrypted mail sent to you opens here, and your private key never leaves this device.",
    ],

  },
  ja: {
    heading: "電子証明書と秘密鍵",
    intro: "ここにある情報はすべてこの端末の中だけに保存されます。外部には送信しません。",
    persistenceNote:
      "このブラウザーは、ディスクの空きが少なくなると保存データを消去することがあります。もう一度インポートできるよう、.p12 ファイルとパスワードは保管しておいてください。",
    listFailed: "保存された証明書を読み取れませんでした。ページを再読み込みして、もう一度お試しください。",

    ownHeading: "あなたの証明書",
    ownNone: "あなた自身の証明書はまだインポートされていません。",
    importHeading: "あなたの証明書をインポート（.p12 / .pfx）",
    importHelp: ".p12 / .pfx ファイルには、あなたの電子証明書と秘密鍵が入っています。認証局または社内の IT 担当者から、パスワードと一緒に受け取ります。",
    chooseP12: ".p12 / .pfx ファイルを選択",
    noFileChosen: "ファイルが選択されていません",
    password: "ファイルのパスワード",
    passwordHelp: "ファイルと一緒に受け取ったパスワード、または書き出したときに設定したパスワードです。",
    importButton: "インポート",
    importing: "インポートしています…",
    imported: (added, already) =>
      added > 0
        ? "インポートしました。この証明書あての暗号化メールを、ここで復号できるようになりました。"
        : `${already > 1 ? "これらの証明書" : "この証明書"}はすでにインポートされています。変更はありません。`,
    supersededNote: (count) =>
      `同じメールアドレスの古い証明書 ${count} 件を「更新済み」にしました。古い秘密鍵は残しているので、以前の暗号化メールも引き続き復号できます。`,

    contactsHeading: "相手の証明書",
    contactsHelp:
      "相手の証明書があれば、その人に暗号化メールを送れます。検証済みの電子署名付きメールを受け取ると、Inkan が自動で保存します。相手から受け取った .cer / .pem / .p7c ファイルをインポートすることもできます。",
    contactsNone: "相手の証明書はまだありません。",
    chooseCertificate: "相手の証明書をインポート（.cer / .pem / .p7c）",
    contactsImported: (count) => `${count} 件の証明書をインポートしました。手動でインポートした証明書は「未検証」として扱います。`,
    contactsAlready: (count) => `${count} 件の証明書はすでに保存されています。`,
    contactsKeptVerified: (addresses) =>
      `${addresses} についてはインポートしていません。このアドレスには検証済みの証明書がすでに保存されており、未検証の証明書で置き換えることはありません。相手が本当に証明書を更新した場合は、新しい証明書で署名したメールを送ってもらってください。`,

    anchorsHeading: "組織の認証局",
    anchorsHelp:
      "組織が独自の認証局（プライベート認証局）を運用している場合は、そのルート証明書をここに追加します。その認証局が発行した証明書による署名が「検証済み」と表示されるようになります。IT 担当者から受け取った証明書だけを追加してください。",
    anchorsNone: "組織の認証局は追加されていません。組み込みの公的な認証局の一覧を使います。",
    anchorLabel: "表示名",
    anchorLabelHelp: "例：組織の名前",
    chooseAnchor: "ルート証明書を選択（.cer / .pem）",
    addAnchor: "追加",
    anchorAdded: "認証局を追加しました。",
    anchorRelabelled: "この認証局はすでに追加されています。表示名を変更しました。",
    removeAnchor: "削除",
    removeAnchorTitle: "この認証局を削除しますか？",
    removeAnchorWarning: "この認証局が発行した証明書による署名は、「検証済み」と表示されなくなります。",

    validUntil: (date) => `有効期限：${date}`,
    superseded: "新しい証明書に更新済み",
    supersededHelp: "以前にこの証明書あてに暗号化されたメールを復号できるよう、残しています。",
    verifiedMark: "検証済み",
    unverifiedMark: "未検証",
    details: "詳細",
    hideDetails: "詳細を閉じる",
    subject: "所有者（サブジェクト）",
    issuer: "発行者（発行元の認証局）",
    serialNumber: "シリアル番号",
    validFrom: "有効期間（開始）",
    validTo: "有効期限",
    addresses: "メールアドレス",
    keyType: "鍵の種類",
    keyUsage: "用途",
    validation: "本人確認の方法",
    fingerprint: "SHA-256 フィンガープリント",
    protection: "秘密鍵の保管方法",
    firstSeen: "最初に受信",
    lastSeen: "最後に受信",
    source: "保存元",
    unreadableCertificate: "この証明書を読み取れませんでした。",

    exportCertificate: "証明書を保存（.cer）",
    exportIdentity: "秘密鍵付きで書き出し（.p12）",
    exportTitle: "証明書と秘密鍵を書き出す",
    exportHelp:
      "ほかの端末やメールソフトで使うためのファイルです。このファイルとパスワードがあれば、誰でもあなたとして署名し、あなたあての暗号化メールを読めます。推測されにくいパスワードを設定し、ファイルは大切に保管してください。",
    exportPassword: "ファイルに設定するパスワード",
    exportRepeat: "パスワード（確認）",
    exportTooShort: (min) => `${min} 文字以上にしてください。`,
    exportMismatch: "2 つのパスワードが一致しません。",
    exportButton: "書き出す",
    exportDone: "ファイルを保存しました。",
    exportUnavailable: "この端末では秘密鍵を開けないため、書き出せません。",

    delete: "削除",
    cancel: "キャンセル",
    close: "閉じる",
    deleteIdentityTitle: "この証明書と秘密鍵を削除しますか？",
    deleteIdentityWarning:
      "この証明書あてに暗号化されたメールは、過去のメールも含めて、この端末では復号できなくなります。コピー（書き出した .p12）がある場合、またはそれらのメールが不要な場合にだけ削除してください。",
    deleteContactTitle: "この相手の証明書を削除しますか？",
    deleteContactWarning: "もう一度証明書を受け取るまで、この人に暗号化メールを送れなくなります。",
    deleteFailed: "削除できませんでした。もう一度お試しください。",

    guideTitle: "証明書をお持ちでない方へ：はじめ方",
    guideWhat:
      "自分の S/MIME（エスマイム）証明書があれば、メールに電子署名を付けられます。受け取った人は、そのメールが本当にあなたから届き、改ざんされていないことを確認できます。また、あなただけが復号できる暗号化メールを受け取れます。PPAP（パスワード付きZIPとパスワードの別送）に代わる、より安全な方法です。",
    guideWhereTitle: "証明書の入手先",
    guideWhere: [
      "電子証明書は認証局が発行します。メールアドレスの所有のみ確認された証明書を無料で発行している認証局もあります（例：Actalis）。",
      "有料の証明書では、本人確認済みの証明書（個人認証）や組織の実在が確認された証明書（組織認証）を入手でき、受け取った人にも署名の中でそれが表示されます。",
      "組織が独自の認証局を運用していることもあります。社内の IT 担当者にお問い合わせください。",
    ],
    guideHowTitle: "インポートの方法",
    guideHow: [
      "証明書を .p12 または .pfx ファイルとして、パスワードと一緒に用意します。Windows や macOS にすでに入っている場合は、秘密鍵を含めて書き出してください。",
      "「あなたの証明書をインポート」でファイルを選び、パスワードを入力して「インポート」を押します。",
      "以後、あなたあての暗号化メールをここで復号できます。秘密鍵がこの端末の外に出ることはありません。",
    ],

  },
} as const satisfies Record<Lang, CertificateStrings>;

/** Why a .p12 could not be imported: the engine's reading errors, the store's, and the file not being readable at all. */
export type IdentityImportCode = IdentityError | ImportIdentityError | "unreadable-file";

export const IDENTITY_IMPORT_ERROR_TEXT = {
  "wrong-password": {
    en: "The password is wrong. Type the password that came with the file (or the one you set when you exported it). Nothing was imported.",
    ja: "パスワードが違います。ファイルと一緒に受け取ったパスワード（または書き出したときに設定したパスワード）を入力してください。何もインポートしていません。",
  },
  corrupt: {
    en: "This is not a readable .p12 / .pfx file: it is damaged, incomplete, or another kind of file. Get or export the file again. Nothing was imported.",
    ja: ".p12 / .pfx ファイルとして読み取れません。ファイルが壊れているか、途中で切れているか、別の種類のファイルです。もう一度入手するか書き出してください。何もインポートしていません。",
  },
  "no-private-key": {
    en: "The file holds certificates but no private key. Export your certificate again together with its private key. Nothing was imported.",
    ja: "ファイルに証明書はありますが、秘密鍵が入っていません。秘密鍵を含めて、もう一度書き出してください。何もインポートしていません。",
  },
  "no-certificate": {
    en: "The file holds a private key but no certificate for it. Export it again together with its certificate. Nothing was imported.",
    ja: "ファイルに秘密鍵はありますが、対応する証明書が入っていません。証明書を含めて、もう一度書き出してください。何もインポートしていません。",
  },
  "key-mismatch": {
    en: "The private key in the file does not belong to the certificate in it. The file was put together from the wrong parts: export it again from where the key was created. Nothing was imported.",
    ja: "ファイル内の秘密鍵が、証明書と対応していません。組み合わせが誤っています。鍵を作成した環境から、もう一度書き出してください。何もインポートしていません。",
  },
  unsupported: {
    en: "The file uses a format or key type Inkan cannot read. Export it again with current settings (for example AES encryption). Nothing was imported.",
    ja: "Inkan が対応していない形式または鍵の種類のファイルです。現在の標準的な設定（AES による暗号化など）で、もう一度書き出してください。何もインポートしていません。",
  },
  "bad-certificate": {
    en: "A certificate in the file could not be read. Nothing was imported.",
    ja: "ファイル内の証明書を読み取れませんでした。何もインポートしていません。",
  },
  "bad-key": {
    en: "The private key could not be stored on this device. Nothing was imported.",
    ja: "この端末に秘密鍵を保存できませんでした。何もインポートしていません。",
  },
  "passphrase-too-short": {
    en: "The passphrase is too short. Nothing was imported.",
    ja: "パスフレーズが短すぎます。何もインポートしていません。",
  },
  "passphrase-required": {
    en: "A passphrase is needed to keep this key. Nothing was imported.",
    ja: "この鍵を保存するにはパスフレーズが必要です。何もインポートしていません。",
  },
  "master-key-unusable": {
    en: "This browser cannot keep private keys protected on this device (its key storage does not work here). Nothing was imported.",
    ja: "このブラウザーでは、この端末に秘密鍵を安全に保存できません（鍵の保管機能が動作していません）。何もインポートしていません。",
  },
  "storage-failed": {
    en: "Saving failed: the device's storage may be full, or Inkan is being updated in another window. Nothing was imported; try again.",
    ja: "保存に失敗しました。端末の空き容量が不足しているか、別のウィンドウで Inkan が更新中の可能性があります。何もインポートしていません。もう一度お試しください。",
  },
  "unreadable-file": {
    en: "The file could not be read from disk. Nothing was imported.",
    ja: "ファイルを読み込めませんでした。何もインポートしていません。",
  },
} as const satisfies Record<IdentityImportCode, Localized>;

export type ContactImportCode = Extract<ContactImportResult, { ok: false }>["code"] | "unreadable-file";

export const CONTACT_IMPORT_ERROR_TEXT = {
  unreadable: {
    en: "This file is not a certificate Inkan can read (.cer, .der, .pem or .p7c). Nothing was imported.",
    ja: "Inkan が読み取れる証明書ファイル（.cer / .der / .pem / .p7c）ではありません。何もインポートしていません。",
  },
  "no-certificate": {
    en: "The file holds no certificate. Nothing was imported.",
    ja: "ファイルに証明書が入っていません。何もインポートしていません。",
  },
  "no-address": {
    en: "The certificate names no mail address, so it cannot be used to encrypt mail to anyone. Nothing was imported.",
    ja: "証明書にメールアドレスが記載されていないため、暗号化メールの送信には使えません。何もインポートしていません。",
  },
  "too-large": {
    en: "The file is too large to be a certificate. Nothing was imported.",
    ja: "証明書としてはファイルが大きすぎます。何もインポートしていません。",
  },
  "storage-failed": {
    en: "Saving failed. Nothing was imported; try again.",
    ja: "保存に失敗しました。何もインポートしていません。もう一度お試しください。",
  },
  "unreadable-file": {
    en: "The file could not be read from disk. Nothing was imported.",
    ja: "ファイルを読み込めませんでした。何もインポートしていません。",
  },
} as const satisfies Record<ContactImportCode, Localized>;

export type AnchorAddCode = Extract<AddAnchorResult, { ok: false }>["code"] | "unreadable-file";

export const ANCHOR_ERROR_TEXT = {
  unreadable: {
    en: "This file is not a certificate Inkan can read. Nothing was added.",
    ja: "Inkan が読み取れる証明書ファイルではありません。何も追加していません。",
  },
  "no-certificate": {
    en: "The file holds no certificate. Nothing was added.",
    ja: "ファイルに証明書が入っていません。何も追加していません。",
  },
  "several-certificates": {
    en: "The file holds several certificates. Choose a file with only the root certificate of your organisation's authority.",
    ja: "ファイルに複数の証明書が入っています。組織の認証局のルート証明書だけが入ったファイルを選んでください。",
  },
  "bad-label": {
    en: "Give the authority a name to show (for example your organisation's name).",
    ja: "表示名（例：組織の名前）を入力してください。",
  },
  "storage-failed": {
    en: "Saving failed. Nothing was added; try again.",
    ja: "保存に失敗しました。何も追加していません。もう一度お試しください。",
  },
  "unreadable-file": {
    en: "The file could not be read from disk. Nothing was added.",
    ja: "ファイルを読み込めませんでした。何も追加していません。",
  },
} as const satisfies Record<AnchorAddCode, Localized>;

/** Why the view has no store to show. */
export const STORE_UNAVAILABLE_TEXT = {
  unavailable: {
    en: "This browser gives Inkan no storage here (private browsing, or storage turned off), so certificates cannot be kept. Checking signatures still works.",
    ja: "このブラウザーではデータを保存できないため（プライベートブラウズ、または保存が無効）、証明書を保管できません。署名の確認は引き続き利用できます。",
  },
  "newer-version": {
    en: "A newer version of Inkan is open in another window and has updated the stored certificates. Close this window and use the newer one.",
    ja: "別のウィンドウで新しいバージョンの Inkan が開かれ、保存データが更新されています。このウィンドウを閉じ、新しいほうをお使いください。",
  },
  "crypto-unavailable": {
    en: "This browser cannot protect keys here (its cryptography does not work on this page), so certificates cannot be kept.",
    ja: "このブラウザーでは鍵を保護する暗号機能が動作しないため、証明書を保管できません。",
  },
  failed: {
    en: "The stored certificates could not be opened. Reload the page to try again.",
    ja: "保存された証明書を開けませんでした。ページを再読み込みして、もう一度お試しください。",
  },
} as const satisfies Record<OpenStoreError, Localized>;

/** The expiry line under a certificate; null where nothing needs saying. */
export const OWN_EXPIRY_TEXT = {
  valid: null,
  "expiring-soon": {
    en: "This certificate expires soon. Renew it with your certificate authority, then import the new .p12 here. The old key stays, so older encrypted mail still opens.",
    ja: "この証明書はまもなく有効期限切れになります。認証局で更新し、新しい .p12 をここにインポートしてください。古い秘密鍵は残るので、以前の暗号化メールも引き続き復号できます。",
  },
  expired: {
    en: "This certificate has expired: you can no longer sign with it, and others cannot encrypt to it. Renew it with your certificate authority and import the new .p12 here. The old key stays, so older encrypted mail still opens.",
    ja: "この証明書は有効期限切れです。署名に使えず、相手もこの証明書あてに暗号化できません。認証局で更新し、新しい .p12 をここにインポートしてください。古い秘密鍵は残るので、以前の暗号化メールも引き続き復号できます。",
  },
  "not-yet-valid": {
    en: "This certificate is not valid yet. Check the date on this device; it becomes usable on its start date.",
    ja: "この証明書はまだ有効期間前です。端末の日時を確認してください。有効期間の開始日から使えます。",
  },
} as const satisfies Record<ExpiryState, Localized | null>;

export const CONTACT_EXPIRY_TEXT = {
  valid: null,
  "expiring-soon": {
    en: "This certificate expires soon. When this person sends you signed mail with their new one, Inkan replaces it by itself.",
    ja: "この証明書はまもなく有効期限切れになります。相手が新しい証明書で署名したメールを送ってくると、Inkan が自動で置き換えます。",
  },
  expired: {
    en: "This certificate has expired: mail can no longer be encrypted to it. Ask this person to send you a signed mail with their new certificate.",
    ja: "この証明書は有効期限切れのため、暗号化に使えません。新しい証明書で署名したメールを送ってもらうよう、相手に依頼してください。",
  },
  "not-yet-valid": {
    en: "This certificate is not valid yet.",
    ja: "この証明書はまだ有効期間前です。",
  },
} as const satisfies Record<ExpiryState, Localized | null>;

export const EXPIRY_WORD = {
  valid: { en: "Valid", ja: "有効" },
  "expiring-soon": { en: "Expires soon", ja: "まもなく期限切れ" },
  expired: { en: "Expired", ja: "有効期限切れ" },
  "not-yet-valid": { en: "Not yet valid", ja: "有効期間前" },
} as const satisfies Record<ExpiryState, Localized>;

export const CONTACT_SOURCE_TEXT = {
  harvested: { en: "a verified signed mail", ja: "検証済みの署名付きメール" },
  confirmed: { en: "a signed mail you chose to trust (not verified)", ja: "あなたが保存を選んだ署名付きメール（未検証）" },
  imported: { en: "a file you imported (not verified)", ja: "インポートしたファイル（未検証）" },
} as const satisfies Record<ContactSource, Localized>;

export const PROTECTION_TEXT = {
  device: { en: "encrypted with this device's key", ja: "この端末の鍵で暗号化" },
  passphrase: { en: "encrypted with your passphrase", ja: "パスフレーズで暗号化" },
} as const satisfies Record<KeyProtection, Localized>;
