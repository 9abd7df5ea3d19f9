import {
  MailWarningFilled,
  PersonWarningFilled,
  ShieldCheckmarkFilled,
  ShieldDismissFilled,
  ShieldErrorFilled,
  ShieldQuestionFilled,
  type FluentIcon,
} from "@fluentui/react-icons";
import type { SignerReport, Status, Verdict } from "../core/verdict-types.js";
import type { Lang } from "../i18n/language.js";
import { UI_STRINGS } from "../i18n/strings.js";
import { VALIDATION_SHORT } from "../i18n/terms.js";
import { visibleText } from "./visible-text.js";

export type BadgeColour = "green" | "yellow" | "red" | "grey";

/** What a headline may mention, already made safe for display. */
export interface BadgeFacts {
  /** "Name <address>", or the address alone, or the language's "unknown signer". */
  readonly signer: string;
  /** The issuing CA's name, or the language's "unknown authority". */
  readonly issuer: string;
  /** How the CA checked the signer, in a few words; null when the certificate does not say. */
  readonly validation: string | null;
}

export interface StatusWords {
  /** One or two words, shown in bold before the headline. */
  readonly label: string;
  readonly headline: (facts: BadgeFacts) => string;
}

export type StatusDisplay = { readonly colour: BadgeColour; readonly icon: FluentIcon } & { readonly [L in Lang]: StatusWords };

/**
 * Everything the badge shows, derived from the status alone. The status is told by word and icon as well as colour,
 * so readers who cannot tell red from green lose nothing.
 */
export const STATUS_DISPLAY = {
  verified: {
    colour: "green",
    icon: ShieldCheckmarkFilled,
    en: {
      label: "Verified",
      headline: (f) => `Signed by ${f.signer} — verified by ${f.issuer}${f.validation === null ? "" : ` (${f.validation})`}`,
    },
    ja: {
      label: "検証済み",
      headline: (f) => `${f.signer} の電子署名を確認しました（発行者: ${f.issuer}${f.validation === null ? "" : `、${f.validation}`}）`,
    },
  },
  untrusted: {
    colour: "yellow",
    icon: ShieldQuestionFilled,
    en: { label: "Not trusted", headline: (f) => `Signed by ${f.signer}, but the certificate cannot be trusted` },
    ja: { label: "信頼性を確認できません", headline: (f) => `${f.signer} の署名がありますが、証明書の信頼性を確認できません` },
  },
  mismatch: {
    colour: "red",
    icon: PersonWarningFilled,
    en: { label: "Sender mismatch", headline: () => "Signed, but not by the sender shown in From" },
    ja: { label: "差出人と不一致", headline: () => "署名はありますが、差出人と署名者が一致しません（なりすましの可能性）" },
  },
  invalid: {
    colour: "red",
    icon: ShieldDismissFilled,
    en: { label: "Invalid", headline: () => "The signature is broken — the message may have been altered" },
    ja: { label: "署名が無効", headline: () => "署名が無効です（改ざんの可能性があります）" },
  },
  partial: {
    colour: "red",
    icon: ShieldErrorFilled,
    en: { label: "Partly signed", headline: () => "Only part of this message is signed — the rest could come from anyone" },
    ja: { label: "一部のみ署名", headline: () => "一部のみ署名されています。署名のない部分は誰でも書き加えられます" },
  },
  unsigned: {
    colour: "grey",
    icon: MailWarningFilled,
    en: { label: "Not signed", headline: () => "This message is not signed — be careful if it asks for money or passwords" },
    ja: {
      label: "署名なし",
      headline: () => "このメールには電子署名がありません。送金やパスワードを求める内容には注意してください",
    },
  },
} satisfies Record<Status, StatusDisplay>;

/** The signer the verdict is about: the one bound to From, else the first one reported. */
export function principalSigner(verdict: Verdict): SignerReport | null {
  return verdict.signers.find((s) => s.role === "binding") ?? verdict.signers[0] ?? null;
}

export function badgeFacts(verdict: Verdict, lang: Lang): BadgeFacts {
  const strings = UI_STRINGS[lang];
  const signer = principalSigner(verdict);
  const name = signer?.name ? visibleText(signer.name) : null;
  const email = signer?.email ? visibleText(signer.email) : null;
  return {
    signer: name && email ? `${name} <${email}>` : (email ?? name ?? strings.unknownSigner),
    issuer: signer?.issuer ? visibleText(signer.issuer) : strings.unknownIssuer,
    validation: signer ? (VALIDATION_SHORT[signer.validation]?.[lang] ?? null) : null,
  };
}
