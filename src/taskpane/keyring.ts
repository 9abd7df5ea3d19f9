/**
 * The pane's way to the on-device store. The store's code arrives through `load`, and the store is opened once, when
 * the pane starts, and shared by every view.
 */
import type { Identity } from "../core/keys/identity.js";
import type { InkanStore, OpenStoreError, OpenStoreOptions, OpenStoreResult, PersistOutcome } from "../store/types.js";

/** What the store module gives the pane. */
export interface KeyringBackend {
  openStore(options: Pick<OpenStoreOptions, "onVersionChange" | "onCreate">): Promise<OpenStoreResult>;
  requestPersistentStorage(): Promise<PersistOutcome>;
}

export type KeyringOpen =
  | { readonly ok: true; readonly store: InkanStore }
  | { readonly ok: false; readonly code: OpenStoreError; readonly detail: string };

export interface Keyring {
  /** The store, opened on the first call; every later call gets the same outcome. */
  open(): Promise<KeyringOpen>;
  /**
   * Resolves once the store has begun to open (its code has run and the database was asked for), or could not;
   * never rejects. What the database does next happens beside the page's own work: a check started after this
   * does not hold the store's opening up behind it.
   */
  opening(): Promise<void>;
  /**
   * For reading keys: the store, as `open` gives it; or null while this page is still creating the store because
   * there was none. A store being created holds no keys, and its creation can take longer than checking a message,
   * so the first check of a new user's first pane goes on without waiting for it. Nothing can be written to the store
   * before its open has finished; from then on this is `open`.
   */
  openForReading(): Promise<KeyringOpen | null>;
  /** What the browser answered to the request for persistent storage; null when the store did not open. */
  persistence(): Promise<PersistOutcome | null>;
  /** Another window upgraded the store and closed this window's connection: the page must be reloaded. */
  onClosed(listener: () => void): () => void;
}

/**
 * `load` gives the store's code. A page that has it already returns it as it is, not in a promise: the database is
 * then asked for in the same turn as `open`, even while the rest of the page's code is still being evaluated.
 */
export function createKeyring(load: () => Promise<KeyringBackend> | KeyringBackend): Keyring {
  let opened: Promise<KeyringOpen> | undefined;
  let persisted: Promise<PersistOutcome> | null = null;
  const listeners = new Set<() => void>();
  let begun: () => void = () => undefined;
  const hasBegun = new Promise<void>((resolve) => (begun = resolve));
  let creating: () => void = () => undefined;
  const created = new Promise<null>((resolve) => (creating = () => resolve(null)));
  let finished = false;
  const closed = (): void => {
    for (const listener of [...listeners]) listener();
  };
  const open = async (): Promise<KeyringOpen> => {
    let backend: KeyringBackend;
    let result: OpenStoreResult;
    try {
      const loading = load();
      backend = loading instanceof Promise ? await loading : loading;
      const opening = backend.openStore({ onVersionChange: closed, onCreate: creating });
      begun();
      result = await opening;
    } catch (e) {
      // The store's code did not arrive (offline after the page loaded), or the browser broke: the pane still checks
      // signatures, without keys.
      return { ok: false, code: "failed", detail: e instanceof Error ? e.message : String(e) };
    } finally {
      begun();
      finished = true;
    }
    if (!result.ok) return result;
    // Asked once per page: without it the browser may clear the keys when the disk runs low. Not awaited: a browser
    // may ask the user, and the store is usable meanwhile.
    persisted = backend.requestPersistentStorage().catch((): PersistOutcome => "unavailable");
    return { ok: true, store: result.store };
  };
  const openOnce = (): Promise<KeyringOpen> => (opened ??= open());
  return {
    open: openOnce,
    opening: () => {
      void openOnce();
      return hasBegun;
    },
    openForReading: () => {
      const opening = openOnce();
      return finished ? opening : Promise.race([opening, created]);
    },
    persistence: async () => {
      await openOnce();
      return persisted === null ? null : await persisted;
    },
    onClosed(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** The keys and anchors a message is checked with. */
export interface ReadingKeys {
  /** Every stored identity that opens, superseded ones included, so that old mail still decrypts. */
  readonly identities: readonly Identity[];
  /** The organisation's anchors, beside the built-in roots. */
  readonly anchors: readonly Uint8Array[];
}

const NO_KEYS: ReadingKeys = { identities: [], anchors: [] };

/**
 * The store's keys for one check, unwrapped for that check only. A store that cannot be opened or read means a
 * check without keys, never a failed check: the signature can still be verified.
 */
export async function readingKeys(keyring: Keyring | null): Promise<ReadingKeys> {
  if (keyring === null) return NO_KEYS;
  const opened = await keyring.openForReading();
  if (opened === null || !opened.ok) return NO_KEYS;
  const [identities, anchors] = await Promise.all([
    opened.store.loadIdentities().then((r) => r.identities, (): readonly Identity[] => []),
    opened.store.anchorCertificates().catch((): readonly Uint8Array[] => []),
  ]);
  return { identities, anchors };
}
