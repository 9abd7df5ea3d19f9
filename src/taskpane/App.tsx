import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Text,
  ToggleButton,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { lazy, startTransition, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Identity } from "../core/keys/identity.js";
import type { OutlookHost } from "../host/outlook-host.js";
import type { StandaloneHost } from "../host/standalone-host.js";
import { LANGUAGES, type Lang } from "../i18n/language.js";
import { UI_STRINGS } from "../i18n/strings.js";
import { FAILURE_TEXT } from "../i18n/terms.js";
import { DomainChecks } from "./components/DomainChecks.js";
import { DropZone } from "./components/DropZone.js";
import { EncryptionInfo } from "./components/EncryptionInfo.js";
import { HelpPanel } from "./components/HelpPanel.js";
import { MessageContentView } from "./components/MessageContentView.js";
import { ReasonList } from "./components/ReasonList.js";
import { SampleMenu } from "./components/SampleMenu.js";
import { OtherSigners, SignerCard } from "./components/SignerCard.js";
import { VerdictBadge } from "./components/VerdictBadge.js";
import { VerdictDetails } from "./components/VerdictDetails.js";
import type { ComposeSetup } from "./components/compose/ComposeView.js";
import type { EngineResult } from "./engine.js";
import { displayLocale, prepareFormatsWhenIdle } from "./format.js";
import { readingKeys, type Keyring, type ReadingKeys } from "./keyring.js";
import { loadSample, sameBytes, type Fetch, type LoadedSample, type Sample } from "./samples.js";
import { principalSigner } from "./status-display.js";
import type { SaveFile } from "./save-file.js";
import { THEMES, useThemeKind, type ThemeWatch } from "./theme.js";
import { markStep } from "./timing.js";
import { useHarvest, type HarvestState } from "./use-harvest.js";
import { useMessageCheck, type Checker, type CheckState } from "./use-message-check.js";
import { visibleText } from "./visible-text.js";

const useStyles = makeStyles({
  provider: { minHeight: "100vh" },
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
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  languages: { display: "flex", gap: tokens.spacingHorizontalXS },
  input: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, alignItems: "center" },
  result: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  file: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  slogan: { color: tokens.colorNeutralForeground3, marginTop: "auto" },
  nav: { display: "flex", gap: tokens.spacingHorizontalS },
  view: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  away: { display: "none" },
});

/**
 * The Certificates view is code the read view never needs (PKCS #12, the forms): it loads when first opened, so the
 * first paint of the read view does not wait for it.
 */
const CertificatesView = lazy(() =>
  import(/* webpackChunkName: "certificates" */ "./components/certificates/CertificatesView.js").then((m) => ({ default: m.CertificatesView })),
);

/** The compose view (building, signing, encrypting and sending a message) is code the read view never needs. */
const ComposeView = lazy(() => import(/* webpackChunkName: "compose" */ "./components/compose/ComposeView.js").then((m) => ({ default: m.ComposeView })));

/** The pane's views, in the order the navigation offers them; "read" is the message (or compose) view. */
const VIEWS = ["read", "certificates"] as const;
type View = (typeof VIEWS)[number];

/** Its words are needed only once a message was checked, and the engine is loaded by then. */
const HarvestNotice = lazy(() => import(/* webpackChunkName: "harvest" */ "./components/HarvestNotice.js").then((m) => ({ default: m.HarvestNotice })));

const systemClock = (): Date => new Date();

const LANGUAGE_NAMES = { en: "English", ja: "日本語" } as const satisfies Record<Lang, string>;

/**
 * Verifies a message against the built-in roots plus extra anchors (DER), opens its encryption with the user's
 * identities, and extracts its content.
 */
export type RunEngine = (eml: Uint8Array, extraAnchors: readonly Uint8Array[], identities?: readonly Identity[]) => Promise<EngineResult>;

const noOfficeTheme = (): null => null;

export interface AppProps {
  readonly host: OutlookHost | StandaloneHost;
  readonly mode: "read" | "compose";
  readonly initialLang: Lang;
  /** The user's locale (BCP 47) for dates and numbers: Outlook's display language or the browser's. */
  readonly locale: string;
  readonly engine: RunEngine;
  /** Outlook's theme brightness, when the pane runs in Outlook. */
  readonly officeTheme?: () => "light" | "dark" | null;
  /** Outlook's theme-change events, when the pane runs in Outlook. */
  readonly watchOfficeTheme?: ThemeWatch;
  /** How samples are fetched; the page's own fetch unless a test hands in another. */
  readonly fetchSample?: Fetch;
  /** The user's keys, certificates and anchors on this device; null where none can be kept. */
  readonly keyring?: Keyring | null;
  /** "Now" for expiry warnings; the system clock unless a test fixes it. */
  readonly now?: () => Date;
  /** How exported files reach the user; a download unless a test hands in another. */
  readonly saveFile?: SaveFile;
  /** In compose mode inside Outlook: the compose item, Graph and the engine. Absent outside Outlook. */
  readonly compose?: ComposeSetup | null;
  /** How long a check waits for the store's keys before it goes on without them (see ReadView). */
  readonly keysWaitMs?: number;
}

/**
 * The store normally answers in tens of milliseconds. One that does not (an old tab holding the database open
 * during an upgrade, a browser that stalls) must not keep the pane from saying anything about the message.
 */
export const KEYS_WAIT_MS = 10_000;

export function App({
  host,
  mode,
  initialLang,
  locale,
  engine,
  officeTheme = noOfficeTheme,
  watchOfficeTheme,
  fetchSample,
  keyring = null,
  now = systemClock,
  saveFile,
  compose = null,
  keysWaitMs = KEYS_WAIT_MS,
}: AppProps): JSX.Element {
  const styles = useStyles();
  const [lang, setLang] = useState<Lang>(initialLang);
  const [view, setView] = useState<View>("read");
  // Counts changes to the identities and anchors: the message shown is checked again with what is stored now.
  const [keysVersion, setKeysVersion] = useState(0);
  // Counts changes to the contacts' certificates: a message being written is looked at again with what is stored now.
  const [contactsVersion, setContactsVersion] = useState(0);
  const [storeClosed, setStoreClosed] = useState(false);
  const theme = useThemeKind(officeTheme, watchOfficeTheme);
  const s = UI_STRINGS[lang];
  const shownLocale = displayLocale(lang, locale);
  const keysChanged = useCallback(() => setKeysVersion((v) => v + 1), []);
  const contactsChanged = useCallback(() => setContactsVersion((v) => v + 1), []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => keyring?.onClosed(() => setStoreClosed(true)), [keyring]);
  return (
    <FluentProvider className={styles.provider} theme={THEMES[theme]} lang={lang} data-theme={theme}>
      <main className={styles.page} data-test="app" data-host={host.kind}>
        <header className={styles.header}>
          <img className={styles.seal} src="assets/icon-64.png" alt="" />
          <div className={styles.titles}>
            <h1 className={styles.title}>{s.title}</h1>
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
        <nav className={styles.nav} aria-label={s.views}>
          {VIEWS.map((v) => (
            <Button
              key={v}
              size="small"
              appearance={view === v ? "primary" : "subtle"}
              aria-current={view === v ? "page" : undefined}
              onClick={() => setView(v)}
              data-test={`nav-${v}`}
              data-selected={view === v}
            >
              {v === "read" ? s.navRead : s.navCertificates}
            </Button>
          ))}
        </nav>
        {storeClosed && (
          <MessageBar intent="warning" data-test="store-closed">
            <MessageBarBody>{s.storeReloadNeeded}</MessageBarBody>
          </MessageBar>
        )}
        {/* Hidden, not unmounted, while the certificates are shown: the message and its check stay as they were. */}
        <div className={mergeClasses(styles.view, view !== "read" && styles.away)} data-test="read-view">
          {mode === "compose" ? (
            <Suspense fallback={<Spinner size="small" label={s.loading} />}>
              <ComposeView
                compose={compose}
                keyring={keyring}
                lang={lang}
                locale={shownLocale}
                now={now}
                storeVersion={keysVersion + contactsVersion}
                onOpenCertificates={() => setView("certificates")}
                saveFile={saveFile}
              />
            </Suspense>
          ) : (
            <ReadView
              host={host}
              lang={lang}
              locale={shownLocale}
              engine={engine}
              fetchSample={fetchSample}
              keyring={keyring}
              keysVersion={keysVersion}
              keysWaitMs={keysWaitMs}
            />
          )}
        </div>
        {view === "certificates" && (
          <Suspense fallback={<Spinner size="small" label={s.loading} />}>
            <CertificatesView
              keyring={keyring}
              lang={lang}
              locale={shownLocale}
              now={now}
              onKeysChanged={keysChanged}
              onContactsChanged={contactsChanged}
              saveFile={saveFile}
            />
          </Suspense>
        )}
        <Text className={styles.slogan} size={200}>
          {s.slogan}
        </Text>
      </main>
    </FluentProvider>
  );
}

/**
 * Whether the stored keys can change what a check without them found: the organisation's anchors can make a
 * signature trusted, and an identity can open the message, but only one that is encrypted.
 */
export function keysMatter(keys: ReadingKeys, withoutKeys: EngineResult): boolean {
  return keys.anchors.length > 0 || (keys.identities.length > 0 && withoutKeys.verdict.encryption !== "none");
}

interface ReadViewProps {
  readonly host: OutlookHost | StandaloneHost;
  readonly lang: Lang;
  readonly locale: string;
  readonly engine: RunEngine;
  readonly fetchSample: Fetch | undefined;
  readonly keyring: Keyring | null;
  readonly keysVersion: number;
  readonly keysWaitMs: number;
}

/** The value of `promise`, or null when it has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function ReadView({ host, lang, locale, engine, fetchSample, keyring, keysVersion, keysWaitMs }: ReadViewProps): JSX.Element {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  // The sample last opened. Its root is trusted only for a message with exactly its bytes, so that nothing the user
  // opens afterwards can be checked against the test PKI.
  const sample = useRef<LoadedSample | null>(null);
  const [sampleFailed, setSampleFailed] = useState(false);
  // Counts keys that arrived after a check went on without them: the message shown is checked again.
  const [lateKeys, setLateKeys] = useState(0);
  // The verdict shows dates: their formatters are made while the message is on its way, not when it is drawn.
  useEffect(() => prepareFormatsWhenIdle(locale), [locale]);

  const checker = useMemo<Checker<Promise<ReadingKeys> | null>>(() => {
    const readKeys = (): Promise<ReadingKeys> =>
      readingKeys(keyring).then((keys) => {
        markStep("keys-ready");
        return keys;
      });
    return {
      // In Outlook the store's keys are read while the message is: neither needs the other. A file on the standalone
      // page is there at once, and the page opens the store only once there is something to check.
      prepare: () => (host.kind === "outlook" ? readKeys() : null),
      check: async (eml, prepared) => {
        const keysRead = prepared ?? readKeys();
        const current = sample.current;
        const isSample = current !== null && sameBytes(current.eml, eml);
        const sampleAnchors = isSample ? [current.root] : [];
        // The message is checked while the keys are still being read: most messages need nothing from the store, and
        // only when it holds something that can change the result is the message checked again with it. The check
        // starts once the store has begun to open: a check that ran first would keep the main thread until it was
        // done, with the database not yet asked.
        await keyring?.opening();
        const [keys, withoutKeys] = await Promise.all([within(keysRead, keysWaitMs), engine(eml, sampleAnchors, [])]);
        const trust = isSample ? "sample" : "built-in";
        if (keys === null) {
          // The store has not answered: the verdict without its keys now, and the check again once it has.
          void keysRead.then(() => setLateKeys((n) => n + 1));
          return { ...withoutKeys, trust, keysPending: true };
        }
        const result = keysMatter(keys, withoutKeys) ? await engine(eml, [...sampleAnchors, ...keys.anchors], keys.identities) : withoutKeys;
        return { ...result, trust };
      },
    };
    // keysVersion: a key imported or an anchor added makes a new check of the message shown; lateKeys: so do keys
    // that arrived after a check went on without them.
  }, [host, engine, keyring, keysVersion, lateKeys, keysWaitMs]);
  const { state, retry } = useMessageCheck(host, checker);
  const harvest = useHarvest(state, keyring);

  const openFile = (file: File): void => {
    sample.current = null;
    setSampleFailed(false);
    host.open(file);
  };
  const openSample = async (picked: Sample): Promise<void> => {
    if (host.kind !== "standalone") return;
    setSampleFailed(false);
    const loaded = await loadSample(picked, fetchSample);
    if (loaded === null) {
      setSampleFailed(true);
      return;
    }
    sample.current = loaded;
    host.open(new File([loaded.eml.slice()], loaded.name, { type: "message/rfc822" }));
  };

  return (
    <>
      {host.kind === "standalone" && (
        <div className={styles.input}>
          <DropZone prompt={s.dropPrompt} chooseLabel={s.chooseFile} onFile={openFile} />
          <SampleMenu lang={lang} onPick={(picked) => void openSample(picked)} />
          {sampleFailed && (
            <MessageBar intent="error" data-test="sample-error">
              <MessageBarBody>{s.sampleFailed}</MessageBarBody>
            </MessageBar>
          )}
        </div>
      )}
      <div
        className={styles.result}
        aria-busy={state.phase === "checking"}
        data-test="result"
        data-phase={state.phase}
        data-harvest={harvest.state.phase === "decided" ? harvest.state.code : harvest.state.phase}
      >
        {state.phase === "checking" && <Spinner size="small" label={s.checking} />}
        {state.phase === "unavailable" && (
          <div role="status">
            <MessageBar
              intent={state.reason === "unsupported" ? "info" : "error"}
              data-test="unavailable"
              data-reason={state.reason}
              data-remedy={state.remedy}
            >
              <MessageBarBody>
                {FAILURE_TEXT[state.reason][lang]}
                {state.detail !== null && ` (${visibleText(state.detail)})`}
              </MessageBarBody>
              {(state.remedy === "retry" || state.remedy === "sign-in") && (
                <MessageBarActions>
                  <Button onClick={retry} data-test={state.remedy === "retry" ? "retry" : "sign-in"}>
                    {state.remedy === "retry" ? s.retry : s.signIn}
                  </Button>
                </MessageBarActions>
              )}
            </MessageBar>
          </div>
        )}
        {state.phase === "unavailable" && state.remedy === "drop-eml" && host.kind === "outlook" && (
          <DropZone prompt={s.dropPrompt} chooseLabel={s.chooseFile} onFile={openFile} />
        )}
        {state.phase === "error" && (
          <div role="alert">
            <MessageBar intent="error" data-test="check-error">
              <MessageBarBody>
                {s.checkFailed} ({visibleText(state.message)})
              </MessageBarBody>
            </MessageBar>
          </div>
        )}
        {state.phase === "done" && <Result state={state} lang={lang} locale={locale} harvest={harvest.state} onConfirmHarvest={harvest.confirm} />}
      </div>
      <HelpPanel lang={lang} />
    </>
  );
}

export interface ResultProps {
  readonly state: Extract<CheckState, { phase: "done" }>;
  readonly lang: Lang;
  readonly locale: string;
  /** What became of the signer's certificate; nothing is said without it. */
  readonly harvest?: HarvestState;
  readonly onConfirmHarvest?: () => void;
}

const NO_HARVEST: HarvestState = { phase: "none" };
const ignore = (): void => undefined;

/**
 * One checked message: the badge first, then who signed (and whether their certificate was kept), the domain
 * checks, the content and the details.
 */
export function Result({ state, lang, locale, harvest = NO_HARVEST, onConfirmHarvest = ignore }: ResultProps): JSX.Element {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  const { verdict } = state;
  const signer = principalSigner(verdict);
  return (
    <>
      {state.name !== null && (
        <Text className={styles.file} size={200} data-test="file-name">
          {s.fileLabel}: {visibleText(state.name)}
        </Text>
      )}
      {state.trust === "sample" && (
        <MessageBar intent="info" data-test="sample-notice">
          <MessageBarBody>{s.sampleNotice}</MessageBarBody>
        </MessageBar>
      )}
      <VerdictBadge verdict={verdict} lang={lang} />
      {state.keysPending === true && (
        <MessageBar intent="warning" data-test="keys-pending">
          <MessageBarBody>{s.keysPending}</MessageBarBody>
        </MessageBar>
      )}
      <AfterFirstPaint>
        {signer !== null && <SignerCard signer={signer} lang={lang} locale={locale} />}
        {harvest.phase === "decided" && (
          <Suspense fallback={null}>
            <HarvestNotice state={harvest} lang={lang} onConfirm={onConfirmHarvest} />
          </Suspense>
        )}
        <OtherSigners signers={verdict.signers.filter((x) => x !== signer)} lang={lang} />
        <EncryptionInfo verdict={verdict} lang={lang} />
        <ReasonList reasons={verdict.reasons} lang={lang} />
        <DomainChecks results={verdict.authResults} lang={lang} />
        <MessageContentView content={state.content} lang={lang} locale={locale} />
        <VerdictDetails verdict={verdict} lang={lang} locale={locale} />
      </AfterFirstPaint>
    </>
  );
}

/**
 * Its children one render later, at transition priority: the badge is painted first, then the signer, the content
 * and the details are built (they take most of the first result's render time, for a cold engine and fresh styles).
 */
function AfterFirstPaint({ children }: { readonly children: ReactNode }): JSX.Element | null {
  const [shown, setShown] = useState(false);
  useEffect(() => startTransition(() => setShown(true)), []);
  return shown ? <>{children}</> : null;
}
