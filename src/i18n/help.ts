import type { Status } from "../core/verdict-types.js";
import type { Lang } from "./language.js";

/** The help panel, written for someone who has never heard of S/MIME or a certificate. */
export interface HelpText {
  readonly intro: string;
  readonly badgeTitle: string;
  /** One sentence per status, shown next to the badge's own label. */
  readonly statuses: { readonly [S in Status]: string };
  readonly todoTitle: string;
  readonly todo: readonly string[];
  readonly levelsTitle: string;
  readonly levels: string;
  readonly slogan: string;
}

export const HELP_TEXT = {
  en: {
    intro:
      "Anyone can put any name and address in the From line of a mail. An S/MIME signature is a seal that only the holder of a certificate can apply: a certificate authority has checked who they are, and the seal breaks if the message is changed. Inkan checks the seal and tells you whose it is.",
    badgeTitle: "What the badge says",
    statuses: {
      verified: "The signature is intact, it belongs to the sender shown in From, and a trusted authority issued the certificate.",
      untrusted: "The message is signed and unchanged, but nobody Inkan trusts vouches for the certificate. Treat it like an unsigned message.",
      mismatch: "The message is signed, but by someone other than the sender shown. This is how impersonation looks: do not trust it.",
      invalid: "The signature is broken: the message was changed after signing, or the signature is forged or damaged.",
      partial: "Only part of the message is signed. Text outside the signed part could have been added by anyone.",
      unsigned: "There is no signature. The sender shown could be anyone.",
    },
    todoTitle: "What to do",
    todo: [
      "Check the certificate first: look at the badge before you read the message, open a link or an attachment.",
      "A company that signs its mail should always sign it. If a mail claiming to be from it is unsigned, or the badge is red, treat it as suspect.",
      "Never send money, passwords or personal data because of an unsigned or red-badged mail. Confirm by phone or through a channel you already know.",
      "When unsure, copy the report in the details and send it to your help desk.",
    ],
    levelsTitle: "How well the signer was checked",
    levels:
      "Certificates differ: a free mailbox-validated certificate only proves that the signer controls the address. Organisation- and individual-validated certificates also prove that the organisation or person exists.",
    slogan: "Check the certificate first.",
  },
  ja: {
    intro:
      "メールの差出人（From）には、誰でも好きな名前やアドレスを書けます。S/MIME（エスマイム）の電子署名は、電子証明書を持つ本人だけが押せる「印鑑」のようなものです。認証局が本人を確認して証明書を発行し、メールが改ざんされると署名が無効になります。Inkan はこの署名を確認し、誰の署名なのかをお知らせします。",
    badgeTitle: "表示の意味",
    statuses: {
      verified: "署名は有効で、差出人と署名者が一致し、信頼できる認証局が証明書を発行しています。",
      untrusted: "署名があり改ざんもありませんが、証明書を保証する信頼できる認証局がありません。署名のないメールと同じように扱ってください。",
      mismatch: "署名はありますが、差出人とは別の人の署名です。なりすましの典型的な手口です。信用しないでください。",
      invalid: "署名が無効です。署名の後に内容が変更されたか、署名が偽造・破損しています。",
      partial: "メールの一部だけが署名されています。署名のない部分は誰でも書き加えられます。",
      unsigned: "電子署名がありません。差出人が本当は誰なのか分かりません。",
    },
    todoTitle: "どうすればよいか",
    todo: [
      "メールチェックは電子証明書から：本文を読んだり、リンクや添付ファイルを開いたりする前に、まず表示を確認してください。",
      "署名付きメールを送っている会社なら、いつも署名があるはずです。その会社を名乗るメールに署名がない、または赤い表示なら、疑ってください。",
      "署名のないメールや赤い表示のメールを理由に、送金やパスワード・個人情報の送信をしないでください。電話など、以前から知っている方法で確認してください。",
      "判断に迷ったら、詳細の「レポートをコピー」でレポートをコピーし、ヘルプデスクへ送ってください。",
    ],
    levelsTitle: "署名者の確認の度合い",
    levels:
      "証明書には種類があります。無料の証明書の多くはメールアドレスの所有のみ確認された証明書で、本人や組織は確認されていません。組織認証・個人認証の証明書は、組織や本人の実在も確認されています。",
    slogan: "メールチェックは電子証明書から",
  },
} as const satisfies Record<Lang, HelpText>;
