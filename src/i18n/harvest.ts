/**
 * What the read view says after it offers a checked message's signer certificate to the store. Kept apart from the
 * Certificates view's words: the read view paints first, and these are all of them it needs.
 */
import type { HarvestCode } from "../store/types.js";
import type { Lang, Localized } from "./language.js";

export type HarvestIntent = "success" | "info" | "warning";

/**
 * What the read view says after offering a checked message's signer certificate to the store; null: nothing.
 * `needs-confirmation` is the offer itself, worded with the button next to it.
 */
export const HARVEST_TEXT = {
  added: {
    intent: "success",
    en: "This person's certificate was saved. You can now send encrypted mail to this person.",
    ja: "相手の証明書を保存しました。この人に暗号化メールを送れるようになりました。",
  },
  "replaced-older": {
    intent: "success",
    en: "This person's newer certificate was saved. You can now send encrypted mail to this person.",
    ja: "相手の新しい証明書を保存しました。この人に暗号化メールを送れるようになりました。",
  },
  "replaced-invalid": {
    intent: "success",
    en: "This person's valid certificate replaced an expired one. You can now send encrypted mail to this person.",
    ja: "有効期限切れだった証明書を、相手の有効な証明書に置き換えました。この人に暗号化メールを送れるようになりました。",
  },
  "replaced-unverified": {
    intent: "success",
    en: "This person's certificate is now verified and saved. You can now send encrypted mail to this person.",
    ja: "相手の証明書を検証済みとして保存しました。この人に暗号化メールを送れるようになりました。",
  },
  "seen-again": {
    intent: "info",
    en: "This person's certificate is saved. You can send encrypted mail to this person.",
    ja: "相手の証明書は保存済みです。この人に暗号化メールを送れます。",
  },
  "kept-verified": {
    intent: "warning",
    en: "Not saved: a verified certificate for this address is already saved, and this one differs. A different, unverified certificate can be a sign of impersonation.",
    ja: "保存していません。このアドレスには検証済みの証明書がすでに保存されており、今回の証明書はそれと異なります。未検証の別の証明書は、なりすましの可能性があります。",
  },
  "kept-valid": {
    intent: "info",
    en: "Not saved: this certificate is expired or not yet valid, and the saved one is still valid.",
    ja: "保存していません。今回の証明書は有効期間外で、保存済みの証明書はまだ有効です。",
  },
  "kept-newer": {
    intent: "info",
    en: "Not saved: a newer certificate of this person is already saved.",
    ja: "保存していません。この人の新しい証明書がすでに保存されています。",
  },
  "not-eligible": null,
  "needs-confirmation": {
    intent: "info",
    en: "This signature could not be verified, so its certificate was not saved. Save it only if you have confirmed with the sender by another way (phone, in person) that this is their certificate. It will be marked as not verified.",
    ja: "この署名は検証できなかったため、証明書を保存していません。電話や対面など別の方法で、送信者本人の証明書であることを確認できた場合にだけ保存してください。「未検証」として保存します。",
  },
  "no-address": null,
  "storage-failed": {
    intent: "warning",
    en: "This person's certificate could not be saved (the device's storage failed). The check above is not affected.",
    ja: "相手の証明書を保存できませんでした（端末の保存領域でエラーが発生しました）。上の判定には影響しません。",
  },
} as const satisfies Record<HarvestCode, ({ readonly intent: HarvestIntent } & Localized) | null>;

/** After the user confirmed: the same outcomes, said of a certificate kept as not verified. */
export const HARVEST_CONFIRMED_TEXT: Localized = {
  en: "Saved as not verified. You can now send encrypted mail to this person; Inkan will show that the certificate was not verified.",
  ja: "「未検証」として保存しました。この人に暗号化メールを送れるようになりました。証明書が未検証であることは表示されます。",
};

export const HARVEST_CONFIRM_BUTTON = {
  en: "Save this certificate",
  ja: "この証明書を保存する",
} as const satisfies Record<Lang, string>;
