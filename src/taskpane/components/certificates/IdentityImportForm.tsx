import { Button, Field, Input, MessageBar, MessageBarBody, Spinner, Text } from "@fluentui/react-components";
import { useId, useRef, useState } from "react";
import { importKeyAndCertificates } from "../../../core/keys/import-key-files.js";
import { CERTIFICATE_STRINGS, IDENTITY_IMPORT_ERROR_TEXT, type IdentityImportCode } from "../../../i18n/certificates.js";
import type { Lang } from "../../../i18n/language.js";
import type { InkanStore } from "../../../store/types.js";
import { fileBytes, FilePicker } from "./FilePicker.js";
import { useCertificateStyles } from "./styles.js";

/** Where an import stands. A failure carries the code of the one thing that went wrong; nothing was stored then. */
export type IdentityImportState =
  | { readonly phase: "idle" }
  | { readonly phase: "importing" }
  | { readonly phase: "failed"; readonly code: IdentityImportCode }
  | { readonly phase: "imported"; readonly added: number; readonly already: number; readonly superseded: number };

/** The file kinds the chooser offers: PKCS #12, and a PEM holding both key and certificate. */
const ACCEPT = ".p12,.pfx,.pem,application/x-pkcs12";

/**
 * Reads the file into identities (the engine checks password, structure and that key and certificate belong
 * together), then hands them to the store in one transaction.
 */
export async function importIdentityFile(store: InkanStore, file: File, password: string, subtle: SubtleCrypto): Promise<IdentityImportState> {
  const bytes = await fileBytes(file);
  if (bytes === null) return { phase: "failed", code: "unreadable-file" };
  const read = await importKeyAndCertificates(bytes, [], password, subtle);
  if (!read.ok) return { phase: "failed", code: read.error };
  const stored = await store.importIdentities(read.identities);
  if (!stored.ok) return { phase: "failed", code: stored.code };
  const added = stored.outcomes.filter((o) => o.outcome === "added").length;
  return { phase: "imported", added, already: stored.outcomes.length - added, superseded: stored.superseded.length };
}

export interface IdentityImportFormProps {
  readonly store: InkanStore;
  readonly lang: Lang;
  readonly onImported: () => void;
}

export function IdentityImportForm({ store, lang, onImported }: IdentityImportFormProps): JSX.Element {
  const styles = useCertificateStyles();
  const t = CERTIFICATE_STRINGS[lang];
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState("");
  const [state, setState] = useState<IdentityImportState>({ phase: "idle" });
  const passwordField = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const busy = state.phase === "importing";

  const run = async (): Promise<void> => {
    if (file === null || busy) return;
    setState({ phase: "importing" });
    const outcome = await importIdentityFile(store, file, password, globalThis.crypto.subtle).catch(
      (): IdentityImportState => ({ phase: "failed", code: "storage-failed" }),
    );
    setState(outcome);
    if (outcome.phase === "imported") {
      // The password is not kept around once it has served.
      setPassword("");
      setFile(null);
      onImported();
    } else if (outcome.phase === "failed" && outcome.code === "wrong-password") {
      passwordField.current?.select();
    }
  };

  return (
    <form
      className={styles.form}
      aria-labelledby={headingId}
      data-test="p12-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <h3 id={headingId} className={styles.subheading}>
        {t.importHeading}
      </h3>
      <Text size={200}>{t.importHelp}</Text>
      <FilePicker
        label={t.chooseP12}
        emptyText={t.noFileChosen}
        accept={ACCEPT}
        test="p12-input"
        file={file}
        onFile={(chosen) => {
          setFile(chosen);
          setState({ phase: "idle" });
        }}
      />
      <Field label={t.password} hint={t.passwordHelp}>
        <Input ref={passwordField} type="password" value={password} onChange={(_, d) => setPassword(d.value)} autoComplete="off" data-test="p12-password" />
      </Field>
      <div>
        <Button appearance="primary" type="submit" disabled={file === null || busy} data-test="p12-import">
          {t.importButton}
        </Button>
      </div>
      {busy && <Spinner size="tiny" label={t.importing} />}
      <ImportOutcome state={state} lang={lang} />
    </form>
  );
}

function ImportOutcome({ state, lang }: { readonly state: IdentityImportState; readonly lang: Lang }): JSX.Element | null {
  const t = CERTIFICATE_STRINGS[lang];
  if (state.phase === "failed") {
    return (
      <div role="alert">
        <MessageBar intent="error" layout="multiline" data-test="p12-result" data-outcome="failed" data-code={state.code}>
          <MessageBarBody>{IDENTITY_IMPORT_ERROR_TEXT[state.code][lang]}</MessageBarBody>
        </MessageBar>
      </div>
    );
  }
  if (state.phase === "imported") {
    return (
      <div role="status">
        <MessageBar intent="success" layout="multiline" data-test="p12-result" data-outcome="imported" data-added={state.added} data-superseded={state.superseded}>
          <MessageBarBody>
            {t.imported(state.added, state.already)}
            {state.superseded > 0 && ` ${t.supersededNote(state.superseded)}`}
          </MessageBarBody>
        </MessageBar>
      </div>
    );
  }
  return null;
}
