import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";
import { CopyRegular } from "@fluentui/react-icons";
import { useMemo, useRef, useState } from "react";
import type { Verdict } from "../../core/verdict-types.js";
import type { Lang } from "../../i18n/language.js";
import { REASON_TEXT } from "../../i18n/reasons.js";
import { UI_STRINGS } from "../../i18n/strings.js";
import { ENCRYPTION_TEXT, LAYER_KIND_TEXT, SIGNER_ROLE_TEXT, STATUS_WORD, VALIDATION_TEXT } from "../../i18n/terms.js";
import { formatTime } from "../format.js";
import { reportJson, reportText } from "../report.js";
import { visibleText } from "../visible-text.js";
import { Disclosure } from "./Disclosure.js";

const useStyles = makeStyles({
  block: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
  pre: {
    margin: 0,
    maxHeight: "20rem",
    overflow: "auto",
    padding: tokens.spacingHorizontalS,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    backgroundColor: tokens.colorNeutralBackground3,
  },
  fallback: { width: "100%", minHeight: "12rem", fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  copyRow: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

type CopyState = "idle" | "copied" | "fallback";

/** Copies the report; where the clipboard is refused (webviews, insecure origins), shows it selected for Ctrl+C. */
function CopyReport({ payload, lang }: { readonly payload: string; readonly lang: Lang }): JSX.Element {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  const [state, setState] = useState<CopyState>("idle");
  const area = useRef<HTMLTextAreaElement>(null);

  const copy = async (): Promise<void> => {
    try {
      if (typeof navigator.clipboard?.writeText !== "function") throw new Error("no clipboard");
      await navigator.clipboard.writeText(payload);
      setState("copied");
    } catch {
      setState("fallback");
      // The textarea appears with this render; select it once it exists.
      setTimeout(() => {
        area.current?.focus();
        area.current?.select();
      }, 0);
    }
  };

  return (
    <div className={styles.block}>
      <div className={styles.copyRow}>
        <Button icon={<CopyRegular />} onClick={() => void copy()} data-test="copy-report">
          {s.copyReport}
        </Button>
        <Text role="status" data-test="copy-state" data-state={state}>
          {state === "copied" ? s.copied : state === "fallback" ? s.copyFallback : ""}
        </Text>
      </div>
      {state === "fallback" && (
        <textarea ref={area} className={styles.fallback} readOnly value={payload} aria-label={s.report} data-test="report-copy-fallback" />
      )}
    </div>
  );
}

/** What a help desk needs to see why: From, encryption, every layer with its own status, codes and notes, every signer. */
export function VerdictDetails({ verdict, lang, locale }: { readonly verdict: Verdict; readonly lang: Lang; readonly locale: string }): JSX.Element {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  const json = useMemo(() => reportJson(verdict), [verdict]);
  const text = useMemo(() => reportText(verdict, lang), [verdict, lang]);
  const from =
    verdict.from === null
      ? s.none
      : visibleText(verdict.from.name ? `${verdict.from.name} <${verdict.from.address}>` : verdict.from.address);
  return (
    <Disclosure title={s.details} test="details">
      <div className={styles.block}>
        <CopyReport payload={`${text}\n${json}\n`} lang={lang} />
        <Text>
          {s.from}: <span data-test="details-from">{from}</span>
        </Text>
        <Text>
          {s.encryption}: {ENCRYPTION_TEXT[verdict.encryption][lang]} <span className={styles.mono}>({verdict.encryption}, {verdict.integrity})</span>
        </Text>
        <Text weight="semibold">{s.layers}</Text>
        {verdict.layers.length === 0 ? (
          <Text>{s.none}</Text>
        ) : (
          <ol className={styles.list} data-test="layers">
            {verdict.layers.map((layer, i) => (
              <li key={i} data-test="layer" data-kind={layer.kind} data-status={layer.status}>
                <Text>
                  {LAYER_KIND_TEXT[layer.kind][lang]}: {STATUS_WORD[layer.status][lang]} ({s.depth} {layer.depth}, {s.coversShown}:{" "}
                  {layer.coversShown ? s.yes : s.no})
                </Text>
                {layer.reasons.length > 0 && (
                  <ul className={styles.list}>
                    {layer.reasons.map((r) => (
                      <li key={r} data-test="layer-reason" data-reason={r}>
                        {REASON_TEXT[r][lang]} <span className={styles.mono}>({r})</span>
                      </li>
                    ))}
                  </ul>
                )}
                {layer.notes.length > 0 && (
                  <ul className={styles.list}>
                    {layer.notes.map((note, j) => (
                      <li key={j} className={styles.mono} data-test="layer-note">
                        {visibleText(note)}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
        {verdict.signers.length > 0 && (
          <>
            <Text weight="semibold">{s.signers}</Text>
            <ul className={styles.list}>
              {verdict.signers.map((signer, i) => (
                <li key={i} data-test="details-signer" data-role={signer.role} data-status={signer.status}>
                  <Text>
                    {visibleText(signer.email ?? signer.name ?? s.unknownSigner)}: {STATUS_WORD[signer.status][lang]} —{" "}
                    {SIGNER_ROLE_TEXT[signer.role][lang]} ({s.layer} {signer.layer + 1}, {s.algorithm}: {signer.algorithm},{" "}
                    {VALIDATION_TEXT[signer.validation][lang]})
                  </Text>
                  {signer.reasons.length > 0 && <div className={styles.mono}>{signer.reasons.join(", ")}</div>}
                  {signer.chain.length > 0 && (
                    <ol className={styles.list}>
                      {signer.chain.map((cert) => (
                        <li key={cert.sha256} className={styles.mono} data-test="details-chain-cert">
                          {visibleText(cert.subject)} ({formatTime(cert.notBefore, locale)} – {formatTime(cert.notAfter, locale)}; SHA-256{" "}
                          {cert.sha256})
                        </li>
                      ))}
                    </ol>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        <Text weight="semibold">{s.report}</Text>
        <pre className={styles.pre} data-test="report-text" tabIndex={0} aria-label={s.report}>
          {text}
        </pre>
        <details>
          <summary>{s.reportJson}</summary>
          <pre className={styles.pre} data-test="report-json" tabIndex={0} aria-label={s.reportJson}>
            {json}
          </pre>
        </details>
      </div>
    </Disclosure>
  );
}
