import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { OutgoingCopy } from "../../../core/compose/types.js";
import {
  COMPOSE_STRINGS,
  DISCARD_FAILURE_TEXT,
  DRAFT_READ_FAILURE_TEXT,
  KEY_LOAD_TEXT,
  PROTECT_ERROR_TEXT,
  SEND_FAILURE_TEXT,
  SIGNER_ERROR_TEXT,
} from "../../../i18n/compose.js";
import type { Lang } from "../../../i18n/language.js";
import { formatSize } from "../../format.js";
import { visibleText } from "../../visible-text.js";
import { IdentityNotice } from "./IdentityNotice.js";
import type { SendOutcome } from "./send-flow.js";
import { useComposeStyles } from "./styles.js";

export interface OutcomeNoticeProps {
  readonly outcome: SendOutcome;
  readonly lang: Lang;
  readonly locale: string;
  /** False when the form as it stands cannot be sent (e.g. encryption on and a recipient without a certificate). */
  readonly canRetry: boolean;
  readonly onRetry: () => void;
  readonly onSendRest: (pending: readonly OutgoingCopy[], delivered: readonly string[]) => void;
  readonly onSave: (copy: OutgoingCopy, subject: string) => void;
  readonly onOpenCertificates: () => void;
  readonly saved: boolean;
}

function Addresses({ addresses, test }: { readonly addresses: readonly string[]; readonly test: string }): JSX.Element {
  const styles = useComposeStyles();
  return (
    <ul className={styles.plainList}>
      {addresses.map((a) => (
        <li key={a} data-test={test} data-address={a}>
          {visibleText(a)}
        </li>
      ))}
    </ul>
  );
}

/** The host's or engine's own words, for a help desk; the sentence above says what it means. */
function Detail({ lang, text }: { readonly lang: Lang; readonly text: string }): JSX.Element | null {
  const styles = useComposeStyles();
  if (text === "") return null;
  return (
    <Text size={200} className={styles.muted} as="p" block data-test="compose-error-detail">
      {COMPOSE_STRINGS[lang].detail}: {visibleText(text)}
    </Text>
  );
}

interface FailureProps {
  readonly kind: SendOutcome["kind"];
  readonly code: string;
  readonly children: ReactNode;
  readonly actions?: ReactNode;
  readonly maybeSent?: boolean;
}

function Failure({ kind, code, children, actions, maybeSent = false }: FailureProps): JSX.Element {
  return (
    <div role="alert">
      <MessageBar intent="error" layout="multiline" data-test="compose-error" data-kind={kind} data-code={code} data-maybe-sent={String(maybeSent)}>
        <MessageBarBody>{children}</MessageBarBody>
        {actions !== undefined && <MessageBarActions>{actions}</MessageBarActions>}
      </MessageBar>
    </div>
  );
}

/** What came of the last Send: sent, or exactly why not and what is left to do. */
export function OutcomeNotice({ outcome, lang, locale, canRetry, onRetry, onSendRest, onSave, onOpenCertificates, saved }: OutcomeNoticeProps): JSX.Element {
  const t = COMPOSE_STRINGS[lang];
  const retry = (
    <Button onClick={onRetry} disabled={!canRetry} data-test="compose-retry">
      {t.tryAgain}
    </Button>
  );
  const openCertificates = (
    <Button onClick={onOpenCertificates} data-test="compose-open-certificates">
      {t.openCertificates}
    </Button>
  );
  switch (outcome.kind) {
    case "read-failed":
      return (
        <Failure kind={outcome.kind} code={outcome.code} actions={retry}>
          {DRAFT_READ_FAILURE_TEXT[outcome.code][lang]} {t.draftKept}
          <Detail lang={lang} text={outcome.detail} />
        </Failure>
      );
    case "no-identity":
      return (
        <div role="alert" data-test="compose-error" data-kind={outcome.kind} data-code={outcome.sender.kind}>
          <IdentityNotice sender={outcome.sender} address={outcome.address} lang={lang} locale={locale} onOpenCertificates={onOpenCertificates} />
        </div>
      );
    case "key-failed":
      return (
        <Failure kind={outcome.kind} code={outcome.code} actions={outcome.code === "unusable" || outcome.code === "gone" ? openCertificates : retry}>
          {KEY_LOAD_TEXT[outcome.code][lang]} {t.draftKept}
        </Failure>
      );
    case "signer-failed":
      return (
        <Failure kind={outcome.kind} code={outcome.code} actions={openCertificates}>
          {SIGNER_ERROR_TEXT[outcome.code][lang]} {t.draftKept}
          <Detail lang={lang} text={outcome.detail} />
        </Failure>
      );
    case "protect-failed":
      return (
        <Failure kind={outcome.kind} code={outcome.code} actions={retry}>
          {PROTECT_ERROR_TEXT[outcome.code][lang]}
          {outcome.addresses.length > 0 && <Addresses addresses={outcome.addresses} test="compose-error-address" />} {t.draftKept}
          <Detail lang={lang} text={outcome.detail} />
        </Failure>
      );
    case "too-large":
      return (
        <div role="alert">
          <MessageBar intent="warning" layout="multiline" data-test="compose-too-large" data-limit={outcome.limit} data-size={outcome.largest}>
            <MessageBarBody>
              <MessageBarTitle>{t.tooLargeTitle}</MessageBarTitle>
              {t.tooLarge(formatSize(outcome.largest, locale), formatSize(outcome.limit, locale))} {t.draftKept}
              {saved && (
                <Text as="p" block data-test="compose-saved">
                  {t.saved}
                </Text>
              )}
            </MessageBarBody>
            <MessageBarActions>
              {outcome.copies.map((copy) => (
                <Button key={copy.deliverTo.join(",")} onClick={() => onSave(copy, outcome.subject)} data-test="compose-save-eml" data-kind={copy.kind}>
                  {copy.kind === "main" ? t.saveEml : t.saveBccEml(visibleText(copy.deliverTo.join(", ")))}
                </Button>
              ))}
            </MessageBarActions>
          </MessageBar>
        </div>
      );
    case "send-failed": {
      // The failed copy's recipients are "not sent", or "perhaps sent" when Graph may have taken it without saying so.
      const [failed, ...after] = outcome.pending;
      const uncertain = outcome.maybeSent && failed !== undefined ? failed.deliverTo : [];
      const undelivered = (outcome.maybeSent ? after : outcome.pending).flatMap((c) => c.deliverTo);
      const partial = outcome.delivered.length > 0;
      return (
        <Failure
          kind={outcome.kind}
          code={outcome.code}
          maybeSent={outcome.maybeSent}
          actions={
            partial ? (
              <Button onClick={() => onSendRest(outcome.pending, outcome.delivered)} data-test="compose-send-rest">
                {t.sendRest}
              </Button>
            ) : (
              retry
            )
          }
        >
          {SEND_FAILURE_TEXT[outcome.code][lang]}
          {outcome.maybeSent && (
            <Text as="p" block weight="semibold" data-test="compose-maybe-sent">
              {t.maybeSent}
            </Text>
          )}
          {partial || outcome.maybeSent ? (
            <div data-test="compose-delivery">
              {partial && (
                <>
                  <Text as="p" block weight="semibold">
                    {t.deliveredTo}
                  </Text>
                  <Addresses addresses={outcome.delivered} test="compose-delivered" />
                </>
              )}
              {uncertain.length > 0 && (
                <>
                  <Text as="p" block weight="semibold">
                    {t.uncertainTo}
                  </Text>
                  <Addresses addresses={uncertain} test="compose-uncertain" />
                </>
              )}
              {undelivered.length > 0 && (
                <>
                  <Text as="p" block weight="semibold">
                    {t.notDeliveredTo}
                  </Text>
                  <Addresses addresses={undelivered} test="compose-undelivered" />
                </>
              )}
              {partial && <Text as="p" block>{t.partialHint}</Text>}
            </div>
          ) : (
            <> {t.draftKept}</>
          )}
          <Detail lang={lang} text={outcome.status === null ? outcome.detail : `HTTP ${outcome.status}: ${outcome.detail}`} />
        </Failure>
      );
    }
    case "sent": {
      const { discarded } = outcome;
      return (
        <div role="status">
          <MessageBar
            intent={discarded === null || discarded.ok ? "success" : "warning"}
            layout="multiline"
            data-test="compose-sent"
            data-discarded={discarded === null ? "pending" : String(discarded.ok)}
            data-discard-code={discarded === null || discarded.ok ? undefined : (discarded.code ?? "unknown")}
          >
            <MessageBarBody>
              {discarded === null
                ? t.sentPending
                : discarded.ok
                  ? t.sent
                  : discarded.code === undefined
                    ? t.sentDiscardFailed
                    : DISCARD_FAILURE_TEXT[discarded.code][lang]}
              <Addresses addresses={outcome.delivered} test="compose-delivered" />
              {discarded !== null && !discarded.ok && <Detail lang={lang} text={discarded.detail} />}
            </MessageBarBody>
          </MessageBar>
        </div>
      );
    }
    case "internal":
      return (
        <Failure kind={outcome.kind} code="internal" actions={retry}>
          {t.internalError} {t.draftKept}
          <Detail lang={lang} text={outcome.detail} />
        </Failure>
      );
  }
}
