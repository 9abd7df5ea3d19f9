import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
} from "@fluentui/react-components";
import { useState } from "react";
import { exportPkcs12 } from "../../../core/keys/export-pkcs12.js";
import { CERTIFICATE_STRINGS } from "../../../i18n/certificates.js";
import type { Lang } from "../../../i18n/language.js";
import type { IdentitySummary, InkanStore } from "../../../store/types.js";
import type { SaveFile } from "../../save-file.js";
import { downloadName } from "./file-names.js";
import { useCertificateStyles } from "./styles.js";

/**
 * Shortest password an exported identity gets. The file leaves the device and can be attacked offline at leisure,
 * so a password shorter than this is refused before any work is done.
 */
export const MIN_EXPORT_PASSWORD_LENGTH = 8;

type ExportState =
  | { readonly phase: "editing" }
  | { readonly phase: "exporting" }
  | { readonly phase: "done" }
  /** The key did not open (locked under a passphrase, master key lost, damaged record). */
  | { readonly phase: "unavailable" };

type PasswordProblem = "too-short" | "mismatch" | null;

function passwordProblem(password: string, repeat: string): PasswordProblem {
  if (password.length < MIN_EXPORT_PASSWORD_LENGTH) return "too-short";
  return password === repeat ? null : "mismatch";
}

export interface ExportIdentityDialogProps {
  readonly identity: IdentitySummary | null;
  readonly store: InkanStore;
  readonly lang: Lang;
  readonly saveFile: SaveFile;
  readonly onClose: () => void;
}

/** Writes one of the user's identities as a password-protected .p12 for another device. */
export function ExportIdentityDialog({ identity, store, lang, saveFile, onClose }: ExportIdentityDialogProps): JSX.Element {
  const styles = useCertificateStyles();
  const t = CERTIFICATE_STRINGS[lang];
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [tried, setTried] = useState(false);
  const [state, setState] = useState<ExportState>({ phase: "editing" });
  const problem = passwordProblem(password, repeat);

  const close = (): void => {
    setPassword("");
    setRepeat("");
    setTried(false);
    setState({ phase: "editing" });
    onClose();
  };

  const run = async (): Promise<void> => {
    setTried(true);
    if (identity === null || problem !== null) return;
    setState({ phase: "exporting" });
    const loaded = await store.loadIdentities().catch(() => null);
    const found = loaded?.loaded.find((l) => l.summary.id === identity.id);
    if (found === undefined) {
      setState({ phase: "unavailable" });
      return;
    }
    const bytes = await exportPkcs12(found.identity, password, globalThis.crypto.subtle);
    saveFile(downloadName(identity, "p12"), bytes, "application/x-pkcs12");
    setPassword("");
    setRepeat("");
    setState({ phase: "done" });
  };

  return (
    <Dialog open={identity !== null} onOpenChange={(_, data) => !data.open && close()}>
      <DialogSurface data-test="export-dialog">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <DialogBody>
            <DialogTitle>{t.exportTitle}</DialogTitle>
            <DialogContent className={styles.section}>
              <Text>{t.exportHelp}</Text>
              <Field
                label={t.exportPassword}
                validationState={tried && problem === "too-short" ? "error" : "none"}
                validationMessage={tried && problem === "too-short" ? t.exportTooShort(MIN_EXPORT_PASSWORD_LENGTH) : undefined}
              >
                <Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} autoComplete="new-password" data-test="export-password" />
              </Field>
              <Field
                label={t.exportRepeat}
                validationState={tried && problem === "mismatch" ? "error" : "none"}
                validationMessage={tried && problem === "mismatch" ? t.exportMismatch : undefined}
              >
                <Input type="password" value={repeat} onChange={(_, d) => setRepeat(d.value)} autoComplete="new-password" data-test="export-repeat" />
              </Field>
              {state.phase === "exporting" && <Spinner size="tiny" />}
              {state.phase === "done" && (
                <MessageBar intent="success" data-test="export-result" data-outcome="exported">
                  <MessageBarBody>{t.exportDone}</MessageBarBody>
                </MessageBar>
              )}
              {state.phase === "unavailable" && (
                <MessageBar intent="error" data-test="export-result" data-outcome="unavailable">
                  <MessageBarBody>{t.exportUnavailable}</MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={close} data-test="export-close">
                {state.phase === "done" ? t.close : t.cancel}
              </Button>
              <Button appearance="primary" type="submit" disabled={state.phase === "exporting"} data-test="export-confirm">
                {t.exportButton}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
