import { Button, Field, Input, MessageBar, MessageBarBody, Spinner } from "@fluentui/react-components";
import { useState } from "react";
import { ANCHOR_ERROR_TEXT, CERTIFICATE_STRINGS, type AnchorAddCode } from "../../../i18n/certificates.js";
import type { Lang } from "../../../i18n/language.js";
import type { InkanStore } from "../../../store/types.js";
import { fileBytes, FilePicker } from "./FilePicker.js";
import { useCertificateStyles } from "./styles.js";

export type AnchorAddState =
  | { readonly phase: "idle" }
  | { readonly phase: "adding" }
  | { readonly phase: "failed"; readonly code: AnchorAddCode }
  | { readonly phase: "added"; readonly outcome: "added" | "relabelled" };

const ACCEPT = ".cer,.crt,.der,.pem,application/pkix-cert";

export interface AnchorFormProps {
  readonly store: InkanStore;
  readonly lang: Lang;
  readonly onAdded: () => void;
}

/** Adds the organisation's own CA (a root certificate and a name to show for it) to the trusted anchors. */
export function AnchorForm({ store, lang, onAdded }: AnchorFormProps): JSX.Element {
  const styles = useCertificateStyles();
  const t = CERTIFICATE_STRINGS[lang];
  const [file, setFile] = useState<File | null>(null);
  const [label, setLabel] = useState("");
  const [state, setState] = useState<AnchorAddState>({ phase: "idle" });
  const busy = state.phase === "adding";

  const run = async (): Promise<void> => {
    if (file === null || busy) return;
    setState({ phase: "adding" });
    const bytes = await fileBytes(file);
    if (bytes === null) {
      setState({ phase: "failed", code: "unreadable-file" });
      return;
    }
    const result = await store.addAnchor(bytes, label.trim()).catch(() => ({ ok: false, code: "storage-failed" }) as const);
    if (!result.ok) {
      setState({ phase: "failed", code: result.code });
      return;
    }
    setState({ phase: "added", outcome: result.outcome });
    setFile(null);
    setLabel("");
    onAdded();
  };

  return (
    <form
      className={styles.form}
      data-test="anchor-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <FilePicker
        label={t.chooseAnchor}
        emptyText={t.noFileChosen}
        accept={ACCEPT}
        test="anchor-input"
        file={file}
        onFile={(chosen) => {
          setFile(chosen);
          setState({ phase: "idle" });
        }}
      />
      <Field label={t.anchorLabel} hint={t.anchorLabelHelp}>
        <Input value={label} onChange={(_, d) => setLabel(d.value)} data-test="anchor-label" />
      </Field>
      <div>
        <Button type="submit" disabled={file === null || busy} data-test="anchor-add">
          {t.addAnchor}
        </Button>
      </div>
      {busy && <Spinner size="tiny" />}
      {state.phase === "failed" && (
        <div role="alert">
          <MessageBar intent="error" layout="multiline" data-test="anchor-result" data-outcome="failed" data-code={state.code}>
            <MessageBarBody>{ANCHOR_ERROR_TEXT[state.code][lang]}</MessageBarBody>
          </MessageBar>
        </div>
      )}
      {state.phase === "added" && (
        <div role="status">
          <MessageBar intent="success" data-test="anchor-result" data-outcome={state.outcome}>
            <MessageBarBody>{state.outcome === "added" ? t.anchorAdded : t.anchorRelabelled}</MessageBarBody>
          </MessageBar>
        </div>
      )}
    </form>
  );
}
