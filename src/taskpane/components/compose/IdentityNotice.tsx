import { Button, MessageBar, MessageBarActions, MessageBarBody, Text } from "@fluentui/react-components";
import { COMPOSE_STRINGS } from "../../../i18n/compose.js";
import type { Lang } from "../../../i18n/language.js";
import { formatDate } from "../../format.js";
import { visibleText } from "../../visible-text.js";
import type { SenderIdentity } from "./sender-identity.js";

export interface IdentityNoticeProps {
  readonly sender: SenderIdentity;
  /** The From address as the draft has it. */
  readonly address: string;
  readonly lang: Lang;
  readonly locale: string;
  readonly onOpenCertificates: () => void;
}

/** Which of the user's certificates signs, or why none can and where to fix that. */
export function IdentityNotice({ sender, address, lang, locale, onOpenCertificates }: IdentityNoticeProps): JSX.Element {
  const t = COMPOSE_STRINGS[lang];
  const shown = visibleText(address);
  if (sender.kind === "ready") {
    return (
      <Text data-test="compose-identity" data-state="ready" data-id={sender.summary.id}>
        {t.signWith(shown)}
      </Text>
    );
  }
  const text =
    sender.kind === "none"
      ? t.noIdentity(shown)
      : sender.kind === "expired"
        ? t.identityExpired(shown, formatDate(sender.summary.notAfter, locale))
        : t.identityNotYetValid(shown, formatDate(sender.summary.notBefore, locale));
  return (
    <MessageBar intent="warning" layout="multiline" data-test="compose-identity" data-state={sender.kind}>
      <MessageBarBody>{text}</MessageBarBody>
      <MessageBarActions>
        <Button onClick={onOpenCertificates} data-test="compose-open-certificates">
          {t.openCertificates}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
