import { Button, Field, Input, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, Switch, Text } from "@fluentui/react-components";
import { useCallback, useId, useRef, useState } from "react";
import type { OutgoingCopy, RecipientStatus } from "../../../core/compose/types.js";
import type { ComposeHost } from "../../../host/compose-host.js";
import { COMPOSE_STRINGS, DRAFT_READ_FAILURE_TEXT, SEND_BUTTON_TEXT, type ProtectionChoice } from "../../../i18n/compose.js";
import { STORE_UNAVAILABLE_TEXT } from "../../../i18n/certificates.js";
import type { Lang } from "../../../i18n/language.js";
import type { ComposeEngine } from "../../compose-engine.js";
import type { Keyring } from "../../keyring.js";
import { downloadFile, type SaveFile } from "../../save-file.js";
import { visibleText } from "../../visible-text.js";
import { emlFileName } from "./eml-file-name.js";
import { IdentityNotice } from "./IdentityNotice.js";
import { OutcomeNotice } from "./OutcomeNotice.js";
import { RecipientList, UNUSABLE } from "./RecipientList.js";
import { protectAndSendDraft, sendCopies, type SendOutcome, type SendProgress } from "./send-flow.js";
import { useComposeStyles } from "./styles.js";
import { useComposeModel, type ComposeModel } from "./use-compose-model.js";

/** What sending needs: Outlook's compose item and Graph, and the engine. */
export interface ComposeSetup {
  readonly host: ComposeHost;
  readonly engine: ComposeEngine;
}

export interface ComposeViewProps {
  /** Null outside Outlook (the standalone page), where there is no message being written. */
  readonly compose: ComposeSetup | null;
  readonly keyring: Keyring | null;
  readonly lang: Lang;
  readonly locale: string;
  readonly now: () => Date;
  /** Bumped when identities or contacts change in the Certificates view: the draft is looked at again with them. */
  readonly storeVersion: number;
  readonly onOpenCertificates: () => void;
  readonly saveFile?: SaveFile;
}

/**
 * The task pane on a message being written: sign and/or encrypt it for every recipient and send it through
 * Microsoft Graph, or say, before anything is sent, who cannot receive it encrypted and what to do about it.
 */
export function ComposeView(props: ComposeViewProps): JSX.Element {
  const styles = useComposeStyles();
  const t = COMPOSE_STRINGS[props.lang];
  if (props.compose === null) {
    return (
      <div className={styles.view} data-test="compose-view" data-phase="unavailable">
        <MessageBar intent="info" layout="multiline" data-test="compose-unavailable">
          <MessageBarBody>{t.notInOutlook}</MessageBarBody>
        </MessageBar>
      </div>
    );
  }
  return <ComposeForm {...props} host={props.compose.host} engine={props.compose.engine} />;
}

const PROGRESS_TEXT = {
  reading: (t) => t.reading,
  preparing: (t) => t.preparing,
  protecting: (t) => t.protecting,
  sending: (t, p) => (p.step === "sending" ? t.sending(p.index, p.total) : t.sending(1, 1)),
  discarding: (t) => t.discarding,
} as const satisfies Record<SendProgress["step"], (t: (typeof COMPOSE_STRINGS)[Lang], p: SendProgress) => string>;

function protectionChoice(sign: boolean, encrypt: boolean): ProtectionChoice | null {
  if (sign && encrypt) return "sign-encrypt";
  if (sign) return "sign";
  if (encrypt) return "encrypt";
  return null;
}

type ReadyModel = Extract<ComposeModel, { phase: "ready" }>;

/** Encrypt is on by default only when the setting asks for it and every recipient can receive it. */
function defaults(model: ReadyModel): { readonly sign: boolean; readonly encrypt: boolean } {
  const senderReady = model.sender.kind === "ready";
  const everyoneHasOne = model.statuses.length > 0 && model.statuses.every((s) => !UNUSABLE[s.state]);
  return {
    sign: senderReady && model.settings.signByDefault,
    encrypt: senderReady && model.settings.encryptWhenPossible && everyoneHasOne,
  };
}

interface ComposeFormProps extends Omit<ComposeViewProps, "compose">, ComposeSetup {}

function ComposeForm({ host, engine, keyring, lang, locale, now, storeVersion, onOpenCertificates, saveFile = downloadFile }: ComposeFormProps): JSX.Element {
  const styles = useComposeStyles();
  const t = COMPOSE_STRINGS[lang];
  const { model, reload, showDraft } = useComposeModel(host, engine, keyring, now, storeVersion);
  // null: the default from the settings and the recipients; the user's own choice once they touched the switch.
  const [signChoice, setSignChoice] = useState<boolean | null>(null);
  const [encryptChoice, setEncryptChoice] = useState<boolean | null>(null);
  const [passphrase, setPassphrase] = useState("");
  const [progress, setProgress] = useState<SendProgress | null>(null);
  const [outcome, setOutcome] = useState<SendOutcome | null>(null);
  const [saved, setSaved] = useState(false);
  const [asked, setAsked] = useState<ReadonlySet<string>>(new Set());
  const headingId = useId();
  const recipientsId = useId();
  const optionsId = useId();

  const busy = progress !== null;
  const ready = model.phase === "ready" ? model : null;
  const senderReady = ready?.sender.kind === "ready";
  const initial = ready === null ? { sign: false, encrypt: false } : defaults(ready);
  const sign = senderReady && (signChoice ?? initial.sign);
  const encrypt = senderReady && (encryptChoice ?? initial.encrypt);
  const missing = ready?.statuses.filter((s) => UNUSABLE[s.state]) ?? [];
  const finished = outcome?.kind === "sent";

  // Shown before the draft is removed: Outlook may end the pane as it closes the form.
  const onSent = useCallback((delivered: readonly string[]) => setOutcome({ kind: "sent", delivered, discarded: null }), []);
  // A state change paints only once the main thread is free; the heavy steps would otherwise run before their
  // progress shows. One task later, React has rendered it.
  const showProgress = useCallback((p: SendProgress) => {
    setProgress(p);
    return new Promise<void>((resolve) => setTimeout(resolve, 0));
  }, []);
  // Set at once, unlike state: a second press before the pane re-renders must not send the message again.
  const sending = useRef(false);

  const send = async (choice: { readonly sign: boolean; readonly encrypt: boolean }): Promise<void> => {
    if (ready === null || sending.current) return;
    sending.current = true;
    setOutcome(null);
    setSaved(false);
    setProgress({ step: "reading" });
    const result = await protectAndSendDraft(
      { host, engine, store: ready.store, now, onProgress: showProgress, onSent, onDraft: showDraft },
      { ...choice, cipher: ready.settings.cipher, ...(passphrase === "" ? {} : { passphrase }) },
    );
    sending.current = false;
    setProgress(null);
    setOutcome(result);
  };

  const sendRest = async (pending: readonly OutgoingCopy[], delivered: readonly string[]): Promise<void> => {
    if (sending.current) return;
    sending.current = true;
    setOutcome(null);
    setProgress({ step: "sending", index: 1, total: pending.length });
    const result = await sendCopies({ host, onProgress: showProgress, onSent }, pending, delivered);
    sending.current = false;
    setProgress(null);
    setOutcome(result);
  };

  const ask = async (status: RecipientStatus): Promise<void> => {
    if (ready === null) return;
    host.openNewMessage(await engine.certificateRequest(lang, ready.draft.from, status.mailbox));
    setAsked((before) => new Set(before).add(status.mailbox.address.toLowerCase()));
  };

  const save = (copy: OutgoingCopy, subject: string): void => {
    saveFile(emlFileName(subject, copy.kind === "bcc" ? copy.deliverTo.join(",") : null), copy.mime, "message/rfc822");
    setSaved(true);
  };

  const sendSignedOnly = (): void => {
    setSignChoice(true);
    setEncryptChoice(false);
    void send({ sign: true, encrypt: false });
  };

  if (model.phase === "loading") {
    return (
      <div className={styles.view} data-test="compose-view" data-phase="loading">
        <Spinner size="small" label={t.reading} />
      </div>
    );
  }
  if (model.phase === "no-store") {
    return (
      <div className={styles.view} data-test="compose-view" data-phase="no-store" role="alert">
        <MessageBar intent="error" layout="multiline" data-test="compose-no-store" data-code={model.code}>
          <MessageBarBody>
            {t.noStore} {model.code !== "unavailable" && STORE_UNAVAILABLE_TEXT[model.code][lang]}
          </MessageBarBody>
        </MessageBar>
      </div>
    );
  }
  if (model.phase === "read-failed") {
    return (
      <div className={styles.view} data-test="compose-view" data-phase="read-failed">
        <div role="alert">
          <MessageBar intent="error" layout="multiline" data-test="compose-error" data-kind="read-failed" data-code={model.code}>
            <MessageBarBody>
              {DRAFT_READ_FAILURE_TEXT[model.code][lang]} {t.draftKept}
            </MessageBarBody>
            <MessageBarActions>
              <Button onClick={reload} data-test="compose-retry">
                {t.tryAgain}
              </Button>
            </MessageBarActions>
          </MessageBar>
        </div>
      </div>
    );
  }

  const { draft, statuses, sender } = model;
  const choice = protectionChoice(sign, encrypt);
  const blockedByMissing = encrypt && missing.length > 0;
  const canSend = choice !== null && statuses.length > 0 && !blockedByMissing && !busy && !finished;
  const showPassphrase = senderReady && sign && (model.needsPassphrase || (outcome?.kind === "key-failed" && outcome.code === "locked"));
  const fromName = draft.from.name !== undefined && draft.from.name !== "" ? `${draft.from.name} <${draft.from.address}>` : draft.from.address;

  return (
    <section className={styles.view} aria-labelledby={headingId} aria-busy={busy} data-test="compose-view" data-phase={busy ? "sending" : "ready"}>
      <h2 id={headingId} className={styles.heading}>
        {t.heading}
      </h2>

      <div className={styles.section}>
        <Text>
          <Text weight="semibold">{t.from}:</Text> <span className={styles.address} data-test="compose-from">{visibleText(fromName)}</span>
        </Text>
        <IdentityNotice sender={sender} address={draft.from.address} lang={lang} locale={locale} onOpenCertificates={onOpenCertificates} />
        {showPassphrase && (
          <Field label={t.passphrase} hint={t.passphraseHelp}>
            <Input type="password" value={passphrase} onChange={(_, d) => setPassphrase(d.value)} disabled={busy} data-test="compose-passphrase" />
          </Field>
        )}
      </div>

      <div className={styles.section} role="group" aria-labelledby={optionsId}>
        <h3 id={optionsId} className={styles.subheading}>
          {t.options}
        </h3>
        <Switch
          checked={sign}
          disabled={!senderReady || busy || finished}
          label={<>{t.sign} <Text size={200} className={styles.muted}>— {t.signHelp}</Text></>}
          onChange={(_, d) => setSignChoice(d.checked)}
          data-test="compose-sign"
        />
        <Switch
          checked={encrypt}
          disabled={!senderReady || busy || finished}
          label={<>{t.encrypt} <Text size={200} className={styles.muted}>— {t.encryptHelp}</Text></>}
          onChange={(_, d) => setEncryptChoice(d.checked)}
          data-test="compose-encrypt"
        />
        {!senderReady && (
          <Text size={200} className={styles.muted}>
            {t.needsIdentity}
          </Text>
        )}
      </div>

      <section className={styles.section} aria-labelledby={recipientsId} data-test="compose-recipients">
        <div className={styles.sendRow}>
          <h3 id={recipientsId} className={styles.subheading}>
            {t.recipients}
          </h3>
          <Button size="small" appearance="subtle" onClick={reload} disabled={busy} data-test="compose-reload">
            {t.readAgain}
          </Button>
        </div>
        {statuses.length === 0 ? (
          <Text data-test="compose-no-recipients">{t.noRecipients}</Text>
        ) : (
          <RecipientList statuses={statuses} lang={lang} locale={locale} onAsk={senderReady ? (s) => void ask(s) : null} asked={asked} disabled={busy} />
        )}
        {encrypt && statuses.some((s) => s.field === "bcc") && (
          <Text size={200} className={styles.muted}>
            {t.bccNote}
          </Text>
        )}
      </section>

      {blockedByMissing && (
        <MessageBar intent="warning" layout="multiline" data-test="compose-missing" data-count={missing.length}>
          <MessageBarBody>
            <MessageBarTitle>{t.missingTitle(missing.length)}</MessageBarTitle>
            <ul className={styles.plainList}>
              {missing.map((m) => (
                <li key={`${m.field}:${m.mailbox.address}`} data-test="compose-missing-address" data-address={m.mailbox.address.toLowerCase()}>
                  {visibleText(m.mailbox.address)}
                </li>
              ))}
            </ul>
            {t.missingBody} {t.removeInOutlook}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={sendSignedOnly} disabled={busy} data-test="compose-send-signed-only">
              {t.sendSignedOnly}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}

      <div className={styles.sendRow}>
        <Button appearance="primary" disabled={!canSend} onClick={() => void send({ sign, encrypt })} data-test="compose-send" data-action={choice ?? "none"}>
          {choice === null ? t.send : SEND_BUTTON_TEXT[choice][lang]}
        </Button>
        {choice === null && senderReady && (
          <Text size={200} className={styles.muted} data-test="compose-nothing-to-do">
            {t.nothingToDo}
          </Text>
        )}
      </div>

      <div role="status" aria-live="polite">
        {progress !== null && (
          <Spinner size="small" label={PROGRESS_TEXT[progress.step](t, progress)} data-test="compose-progress" data-step={progress.step} />
        )}
      </div>

      {outcome !== null && (!busy || outcome.kind === "sent") && (
        <OutcomeNotice
          outcome={outcome}
          lang={lang}
          locale={locale}
          canRetry={canSend}
          onRetry={() => void send({ sign, encrypt })}
          onSendRest={(pending, delivered) => void sendRest(pending, delivered)}
          onSave={save}
          onOpenCertificates={onOpenCertificates}
          saved={saved}
        />
      )}
    </section>
  );
}
