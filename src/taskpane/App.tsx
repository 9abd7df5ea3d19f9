import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  ToggleButton,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { useState } from "react";
import type { OutlookHost } from "../host/outlook-host.js";
import type { StandaloneHost } from "../host/standalone-host.js";
import { LANGUAGES, type Lang } from "../i18n/language.js";
import { UI_STRINGS } from "../i18n/strings.js";
import { FAILURE_TEXT } from "../i18n/terms.js";
import { DropZone } from "./components/DropZone.js";
import { ReasonList } from "./components/ReasonList.js";
import { SignerCard } from "./components/SignerCard.js";
import { VerdictBadge } from "./components/VerdictBadge.js";
import { VerdictDetails } from "./components/VerdictDetails.js";
import { principalSigner } from "./status-display.js";
import { useMessageCheck, type CheckState, type Verify } from "./use-message-check.js";
import { visibleText } from "./visible-text.js";

const useStyles = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalL,
    maxWidth: "44rem",
    margin: "0 auto",
    minHeight: "100vh",
    boxSizing: "border-box",
  },
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  seal: { width: "32px", height: "32px" },
  titles: { display: "flex", flexDirection: "column", flexGrow: 1 },
  languages: { display: "flex", gap: tokens.spacingHorizontalXS },
  result: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  file: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  slogan: { color: tokens.colorNeutralForeground3, marginTop: "auto" },
});

const LANGUAGE_NAMES = { en: "English", ja: "日本語" } as const satisfies Record<Lang, string>;

export interface AppProps {
  readonly host: OutlookHost | StandaloneHost;
  readonly mode: "read" | "compose";
  readonly initialLang: Lang;
  readonly verify: Verify;
}

export function App({ host, mode, initialLang, verify }: AppProps): JSX.Element {
  const styles = useStyles();
  const [lang, setLang] = useState<Lang>(initialLang);
  const s = UI_STRINGS[lang];
  return (
    <FluentProvider theme={webLightTheme} lang={lang}>
      <main className={styles.page} data-test="app" data-host={host.kind}>
        <header className={styles.header}>
          <img className={styles.seal} src="assets/icon-64.png" alt="" />
          <div className={styles.titles}>
            <Text as="h1" size={500} weight="semibold">
              {s.title}
            </Text>
            <Text size={200}>{s.tagline}</Text>
          </div>
          <div className={styles.languages} role="group" aria-label={s.language}>
            {LANGUAGES.map((l) => (
              <ToggleButton key={l} size="small" checked={lang === l} onClick={() => setLang(l)} data-test={`lang-${l}`} lang={l}>
                {LANGUAGE_NAMES[l]}
              </ToggleButton>
            ))}
          </div>
        </header>
        {mode === "compose" ? (
          <MessageBar intent="info">
            <MessageBarBody>{s.composeNotReady}</MessageBarBody>
          </MessageBar>
        ) : (
          <ReadView host={host} lang={lang} verify={verify} />
        )}
        <Text className={styles.slogan} size={200}>
          {s.slogan}
        </Text>
      </main>
    </FluentProvider>
  );
}

interface ReadViewProps {
  readonly host: OutlookHost | StandaloneHost;
  readonly lang: Lang;
  readonly verify: Verify;
}

function ReadView({ host, lang, verify }: ReadViewProps): JSX.Element {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  const state = useMessageCheck(host, verify);
  return (
    <>
      {host.kind === "standalone" && <DropZone prompt={s.dropPrompt} chooseLabel={s.chooseFile} onFile={(file) => host.open(file)} />}
      <div className={styles.result} aria-live="polite" aria-busy={state.phase === "checking"}>
        {state.phase === "checking" && <Spinner size="small" label={s.checking} />}
        {state.phase === "unavailable" && (
          <MessageBar intent={state.reason === "unsupported" ? "info" : "error"} data-test="unavailable" data-reason={state.reason}>
            <MessageBarBody>
              {FAILURE_TEXT[state.reason][lang]}
              {state.detail !== null && ` (${visibleText(state.detail)})`}
            </MessageBarBody>
          </MessageBar>
        )}
        {state.phase === "error" && (
          <MessageBar intent="error" data-test="check-error">
            <MessageBarBody>
              {s.checkFailed} ({visibleText(state.message)})
            </MessageBarBody>
          </MessageBar>
        )}
        {state.phase === "done" && <Result state={state} lang={lang} />}
      </div>
    </>
  );
}

function Result({ state, lang }: { readonly state: Extract<CheckState, { phase: "done" }>; readonly lang: Lang }): JSX.Element {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  const signer = principalSigner(state.verdict);
  return (
    <>
      {state.name !== null && (
        <Text className={styles.file} size={200} data-test="file-name">
          {s.fileLabel}: {visibleText(state.name)}
        </Text>
      )}
      <VerdictBadge verdict={state.verdict} lang={lang} />
      {signer !== null && <SignerCard signer={signer} lang={lang} />}
      <ReasonList reasons={state.verdict.reasons} lang={lang} />
      <VerdictDetails verdict={state.verdict} lang={lang} />
    </>
  );
}
