import { MessageBar, MessageBarBody, Spinner } from "@fluentui/react-components";
import { useState } from "react";
import { CERTIFICATE_STRINGS, CONTACT_IMPORT_ERROR_TEXT, type ContactImportCode } from "../../../i18n/certificates.js";
import type { Lang } from "../../../i18n/language.js";
import type { ContactImportOutcome, InkanStore } from "../../../store/types.js";
import { fileBytes, FilePicker } from "./FilePicker.js";

export type ContactImportState =
  | { readonly phase: "idle" }
  | { readonly phase: "importing" }
  | { readonly phase: "failed"; readonly code: ContactImportCode }
  | { readonly phase: "imported"; readonly outcomes: readonly { readonly address: string; readonly outcome: ContactImportOutcome }[] };

/** Certificates partners send: DER or PEM, one or several, or a PKCS #7 certificate bag. */
const ACCEPT = ".cer,.crt,.der,.pem,.p7c,.p7b,application/pkix-cert,application/pkcs7-mime";

export interface ContactImportFormProps {
  readonly store: InkanStore;
  readonly lang: Lang;
  readonly onImported: () => void;
}

/** Imports a partner's certificate as soon as it is chosen: there is nothing else to ask. */
export function ContactImportForm({ store, lang, onImported }: ContactImportFormProps): JSX.Element {
  const t = CERTIFICATE_STRINGS[lang];
  const [state, setState] = useState<ContactImportState>({ phase: "idle" });

  const run = async (file: File): Promise<void> => {
    setState({ phase: "importing" });
    const bytes = await fileBytes(file);
    if (bytes === null) {
      setState({ phase: "failed", code: "unreadable-file" });
      return;
    }
    const result = await store.importContactCertificates(bytes).catch(() => ({ ok: false, code: "storage-failed" }) as const);
    if (!result.ok) {
      setState({ phase: "failed", code: result.code });
      return;
    }
    setState({ phase: "imported", outcomes: result.outcomes });
    onImported();
  };

  return (
    <div>
      <FilePicker label={t.chooseCertificate} emptyText={null} accept={ACCEPT} test="contact-input" file={null} onFile={(f) => void run(f)} />
      {state.phase === "importing" && <Spinner size="tiny" />}
      {state.phase === "failed" && (
        <div role="alert">
          <MessageBar intent="error" layout="multiline" data-test="contact-result" data-outcome="failed" data-code={state.code}>
            <MessageBarBody>{CONTACT_IMPORT_ERROR_TEXT[state.code][lang]}</MessageBarBody>
          </MessageBar>
        </div>
      )}
      {state.phase === "imported" && <ImportedOutcomes outcomes={state.outcomes} lang={lang} />}
    </div>
  );
}

function ImportedOutcomes({ outcomes, lang }: { readonly outcomes: Extract<ContactImportState, { phase: "imported" }>["outcomes"]; readonly lang: Lang }): JSX.Element {
  const t = CERTIFICATE_STRINGS[lang];
  const saved = outcomes.filter((o) => o.outcome === "added" || o.outcome === "replaced").length;
  const already = outcomes.filter((o) => o.outcome === "already-present").length;
  const kept = outcomes.filter((o) => o.outcome === "kept-verified").map((o) => o.address);
  return (
    <div role="status">
      <MessageBar
        intent={kept.length > 0 ? "warning" : saved > 0 ? "success" : "info"}
        layout="multiline"
        data-test="contact-result"
        data-outcome="imported"
        data-count={saved}
        data-kept-verified={kept.length}
      >
        <MessageBarBody>
          {[saved > 0 ? t.contactsImported(saved) : null, already > 0 ? t.contactsAlready(already) : null, kept.length > 0 ? t.contactsKeptVerified(kept.join(", ")) : null]
            .filter((line): line is string => line !== null)
            .join(" ")}
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}
