import { Badge, Button, Text } from "@fluentui/react-components";
import { CERTIFICATE_STATE_TEXT, COMPOSE_STRINGS, FIELD_TEXT } from "../../../i18n/compose.js";
import { CONTACT_SOURCE_TEXT } from "../../../i18n/certificates.js";
import type { Lang } from "../../../i18n/language.js";
import type { CertificateState, RecipientStatus } from "../../../core/compose/types.js";
import { formatDate } from "../../format.js";
import { visibleText } from "../../visible-text.js";
import { useComposeStyles } from "./styles.js";

const STATE_BADGE = {
  valid: "success",
  expiring: "warning",
  expired: "danger",
  none: "informative",
} as const satisfies Record<CertificateState, "success" | "warning" | "danger" | "informative">;

/** States a message cannot be encrypted to: the engine refuses an expired certificate as it refuses none. */
export const UNUSABLE = {
  valid: false,
  expiring: false,
  expired: true,
  none: true,
} as const satisfies Record<CertificateState, boolean>;

export interface RecipientListProps {
  readonly statuses: readonly RecipientStatus[];
  readonly lang: Lang;
  readonly locale: string;
  /** Offer to ask recipients without a usable certificate for theirs; null when not offered. */
  readonly onAsk: ((status: RecipientStatus) => void) | null;
  /** Addresses a request was opened for. */
  readonly asked: ReadonlySet<string>;
  readonly disabled: boolean;
}

/** Each To, Cc and Bcc address with its certificate's state, where the certificate came from, and until when. */
export function RecipientList({ statuses, lang, locale, onAsk, asked, disabled }: RecipientListProps): JSX.Element {
  const styles = useComposeStyles();
  const t = COMPOSE_STRINGS[lang];
  return (
    <ul className={styles.list}>
      {statuses.map((r) => {
        const address = r.mailbox.address.toLowerCase();
        const name = r.mailbox.name !== undefined && r.mailbox.name !== "" ? r.mailbox.name : null;
        return (
          <li
            key={`${r.field}:${address}`}
            className={styles.recipient}
            data-test="compose-recipient"
            data-address={address}
            data-field={r.field}
            data-state={r.state}
            data-source={r.source ?? "none"}
            data-verified={String(r.verified)}
          >
            <div className={styles.recipientHead}>
              <Text weight="semibold">{FIELD_TEXT[r.field][lang]}</Text>
              {name !== null && <Text className={styles.address}>{visibleText(name)}</Text>}
              <Text className={styles.address}>{name === null ? visibleText(r.mailbox.address) : `<${visibleText(r.mailbox.address)}>`}</Text>
            </div>
            <div className={styles.marks}>
              <Badge appearance="tint" color={STATE_BADGE[r.state]} data-test="compose-recipient-state">
                {CERTIFICATE_STATE_TEXT[r.state][lang]}
              </Badge>
              {r.source !== null && !r.verified && (
                <Badge appearance="outline" color="warning" data-test="compose-unverified">
                  {t.notVerified}
                </Badge>
              )}
              {r.notAfter !== null && (
                <Text size={200} className={styles.muted}>
                  {t.validUntil(formatDate(r.notAfter, locale))}
                </Text>
              )}
            </div>
            {r.source !== null && (
              <Text size={200} className={styles.muted}>
                {t.obtainedFrom(CONTACT_SOURCE_TEXT[r.source][lang])}
              </Text>
            )}
            {onAsk !== null && UNUSABLE[r.state] && (
              <div className={styles.actions}>
                <Button
                  size="small"
                  disabled={disabled}
                  aria-label={`${t.askCertificate} (${visibleText(r.mailbox.address)})`}
                  onClick={() => onAsk(r)}
                  data-test="compose-ask-certificate"
                  data-address={address}
                >
                  {t.askCertificate}
                </Button>
              </div>
            )}
            {asked.has(address) && (
              <div role="status">
                <Text size={200} data-test="compose-asked" data-address={address}>
                  {t.askOpened(visibleText(r.mailbox.address))}
                </Text>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
