import { Badge, Button, MessageBar, MessageBarBody, Spinner, Text } from "@fluentui/react-components";
import { ArrowDownloadRegular, DeleteRegular, KeyRegular } from "@fluentui/react-icons";
import { useCallback, useEffect, useId, useState } from "react";
import {
  CERTIFICATE_STRINGS,
  CONTACT_EXPIRY_TEXT,
  CONTACT_SOURCE_TEXT,
  EXPIRY_WORD,
  OWN_EXPIRY_TEXT,
  PROTECTION_TEXT,
  STORE_UNAVAILABLE_TEXT,
} from "../../../i18n/certificates.js";
import type { Lang } from "../../../i18n/language.js";
import { expiryState, identityExpiryWarning } from "../../../store/expiry.js";
import type { AnchorRecord, ContactRecord, ExpiryState, IdentitySummary, InkanStore, OpenStoreError, PersistOutcome } from "../../../store/types.js";
import { formatTime } from "../../format.js";
import type { Keyring } from "../../keyring.js";
import { downloadFile, type SaveFile } from "../../save-file.js";
import { AnchorForm } from "./AnchorForm.js";
import { CertificateCard } from "./CertificateCard.js";
import { ConfirmDialog } from "./ConfirmDialog.js";
import { ContactImportForm } from "./ContactImportForm.js";
import { ExportIdentityDialog } from "./ExportIdentityDialog.js";
import { commonName, downloadName } from "./file-names.js";
import { FirstRunGuide } from "./FirstRunGuide.js";
import { IdentityImportForm } from "./IdentityImportForm.js";
import { useCertificateStyles } from "./styles.js";

type Listing =
  | { readonly phase: "loading" }
  | { readonly phase: "unavailable"; readonly code: OpenStoreError }
  /** The store opened but could not be read. */
  | { readonly phase: "failed" }
  | {
      readonly phase: "ready";
      readonly store: InkanStore;
      readonly identities: readonly IdentitySummary[];
      readonly contacts: readonly ContactRecord[];
      readonly anchors: readonly AnchorRecord[];
    };

/** What the user asked to delete, waiting for confirmation. */
type Pending =
  | { readonly kind: "identity"; readonly item: IdentitySummary }
  | { readonly kind: "contact"; readonly item: ContactRecord }
  | { readonly kind: "anchor"; readonly item: AnchorRecord };

const EXPIRY_BADGE = {
  valid: "success",
  "expiring-soon": "warning",
  expired: "danger",
  "not-yet-valid": "warning",
} as const satisfies Record<ExpiryState, "success" | "warning" | "danger">;

/** Own certificates still in use first, the newest first; replaced ones after them. */
function byRelevance(a: IdentitySummary, b: IdentitySummary): number {
  if (a.superseded !== b.superseded) return a.superseded ? 1 : -1;
  return Date.parse(b.notAfter) - Date.parse(a.notAfter);
}

function issuedBy(lang: Lang, subject: string, issuer: string): string {
  const t = CERTIFICATE_STRINGS[lang];
  const who = commonName(subject);
  const by = `${t.issuer}: ${commonName(issuer) ?? issuer}`;
  return who === null ? by : `${who} — ${by}`;
}

export interface CertificatesViewProps {
  readonly keyring: Keyring | null;
  readonly lang: Lang;
  readonly locale: string;
  readonly now: () => Date;
  /** Identities or anchors changed: the message shown is to be checked again with them. */
  readonly onKeysChanged: () => void;
  /** Contacts' certificates changed: a message being written may now be encrypted to someone (or no longer). */
  readonly onContactsChanged?: () => void;
  readonly saveFile?: SaveFile;
}

/**
 * The user's own certificates and keys, their contacts' certificates and their organisation's CAs: import, look at,
 * export, delete. A first-run guide leads someone who has no certificate yet.
 */
export function CertificatesView({ keyring, lang, locale, now, onKeysChanged, onContactsChanged, saveFile = downloadFile }: CertificatesViewProps): JSX.Element {
  const styles = useCertificateStyles();
  const t = CERTIFICATE_STRINGS[lang];
  const [listing, setListing] = useState<Listing>({ phase: "loading" });
  const [persistence, setPersistence] = useState<PersistOutcome | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [exporting, setExporting] = useState<IdentitySummary | null>(null);
  const [deleteFailed, setDeleteFailed] = useState(false);
  const ownId = useId();
  const contactsId = useId();
  const anchorsId = useId();

  const refresh = useCallback(async (): Promise<void> => {
    if (keyring === null) {
      setListing({ phase: "unavailable", code: "unavailable" });
      return;
    }
    const opened = await keyring.open();
    if (!opened.ok) {
      setListing({ phase: "unavailable", code: opened.code });
      return;
    }
    const { store } = opened;
    try {
      const [identities, contacts, anchors] = await Promise.all([store.listIdentities(), store.listContacts(), store.listAnchors()]);
      setListing({ phase: "ready", store, identities: [...identities].sort(byRelevance), contacts, anchors });
    } catch {
      setListing({ phase: "failed" });
    }
  }, [keyring]);

  useEffect(() => {
    void refresh();
    void keyring?.persistence().then(setPersistence);
  }, [refresh, keyring]);

  if (listing.phase === "loading") return <Spinner size="small" data-test="certificates-loading" />;
  if (listing.phase === "unavailable" || listing.phase === "failed") {
    return (
      <div role="alert" data-test="certificates-view" data-phase={listing.phase}>
        <MessageBar intent="error" layout="multiline" data-test="store-unavailable" data-code={listing.phase === "failed" ? "failed" : listing.code}>
          <MessageBarBody>{listing.phase === "failed" ? t.listFailed : STORE_UNAVAILABLE_TEXT[listing.code][lang]}</MessageBarBody>
        </MessageBar>
      </div>
    );
  }

  const { store, identities, contacts, anchors } = listing;
  const at = now();
  const keysChanged = (): void => {
    void refresh();
    onKeysChanged();
  };
  const contactsChanged = (): void => {
    void refresh();
    onContactsChanged?.();
  };

  const remove = async (target: Pending): Promise<void> => {
    setPending(null);
    const result = await (target.kind === "identity"
      ? store.deleteIdentity(target.item.id)
      : target.kind === "contact"
        ? store.deleteContact(target.item.address)
        : store.removeAnchor(target.item.fingerprint)
    ).catch(() => ({ ok: false }) as const);
    setDeleteFailed(!result.ok);
    if (target.kind === "contact") contactsChanged();
    else keysChanged();
  };

  const saveCertificate = (cert: { readonly certificate: Uint8Array; readonly emails: readonly string[]; readonly subject: string }): void =>
    saveFile(downloadName(cert, "cer"), cert.certificate, "application/pkix-cert");

  return (
    <div className={styles.view} data-test="certificates-view" data-phase="ready">
      <Text>{t.intro}</Text>
      {persistence === "not-persisted" && identities.length > 0 && (
        <MessageBar intent="info" layout="multiline" data-test="persistence-note">
          <MessageBarBody>{t.persistenceNote}</MessageBarBody>
        </MessageBar>
      )}
      {deleteFailed && (
        <div role="alert">
          <MessageBar intent="error" data-test="delete-result" data-outcome="failed">
            <MessageBarBody>{t.deleteFailed}</MessageBarBody>
          </MessageBar>
        </div>
      )}
      {identities.length === 0 && <FirstRunGuide lang={lang} />}

      <section className={styles.section} aria-labelledby={ownId} data-test="own-certificates">
        <h2 id={ownId} className={styles.heading}>
          {t.ownHeading}
        </h2>
        {identities.length === 0 ? (
          <Text className={styles.muted}>{t.ownNone}</Text>
        ) : (
          <ul className={styles.list}>
            {identities.map((identity) => {
              const warning = identityExpiryWarning(identity, at);
              const expiry = warning ?? (identity.superseded ? expiryState(identity.notBefore, identity.notAfter, at) : "valid");
              const warningText = warning === null ? null : OWN_EXPIRY_TEXT[warning];
              return (
                <CertificateCard
                  key={identity.id}
                  test="identity"
                  data={{ "data-id": identity.id, "data-expiry": expiry, "data-superseded": String(identity.superseded) }}
                  title={identity.emails[0] ?? commonName(identity.subject) ?? identity.subject}
                  subtitle={issuedBy(lang, identity.subject, identity.issuer)}
                  der={identity.certificate}
                  notAfter={identity.notAfter}
                  lang={lang}
                  locale={locale}
                  marks={
                    <>
                      <ExpiryBadge state={expiry} lang={lang} />
                      {identity.superseded && (
                        <Badge appearance="tint" color="informative" data-test="superseded-mark">
                          {t.superseded}
                        </Badge>
                      )}
                    </>
                  }
                  notice={
                    <>
                      {warningText !== null && (
                        <MessageBar intent={warning === "expired" ? "error" : "warning"} layout="multiline" data-test="expiry-warning" data-state={warning}>
                          <MessageBarBody>{warningText[lang]}</MessageBarBody>
                        </MessageBar>
                      )}
                      {identity.superseded && (
                        <Text size={200} className={styles.muted} data-test="superseded-help">
                          {t.supersededHelp}
                        </Text>
                      )}
                    </>
                  }
                  extraFacts={[{ term: t.protection, value: identity.protection.map((p) => PROTECTION_TEXT[p][lang]).join(", "), test: "key-protection" }]}
                  actions={
                    <>
                      <Button size="small" icon={<ArrowDownloadRegular />} onClick={() => saveCertificate(identity)} data-test="export-cer">
                        {t.exportCertificate}
                      </Button>
                      <Button size="small" icon={<KeyRegular />} onClick={() => setExporting(identity)} data-test="export-p12">
                        {t.exportIdentity}
                      </Button>
                      <DeleteButton label={t.delete} onClick={() => setPending({ kind: "identity", item: identity })} />
                    </>
                  }
                />
              );
            })}
          </ul>
        )}
        <IdentityImportForm store={store} lang={lang} onImported={keysChanged} />
      </section>

      <section className={styles.section} aria-labelledby={contactsId} data-test="contacts">
        <h2 id={contactsId} className={styles.heading}>
          {t.contactsHeading}
        </h2>
        <Text size={200}>{t.contactsHelp}</Text>
        {contacts.length === 0 ? (
          <Text className={styles.muted}>{t.contactsNone}</Text>
        ) : (
          <ul className={styles.list}>
            {contacts.map((contact) => {
              const expiry = expiryState(contact.notBefore, contact.notAfter, at);
              const warningText = CONTACT_EXPIRY_TEXT[expiry];
              return (
                <CertificateCard
                  key={contact.address}
                  test="contact"
                  data={{ "data-address": contact.address, "data-verified": String(contact.verified), "data-source": contact.source, "data-expiry": expiry }}
                  title={contact.address}
                  subtitle={issuedBy(lang, contact.subject, contact.issuer)}
                  der={contact.certificate}
                  notAfter={contact.notAfter}
                  lang={lang}
                  locale={locale}
                  marks={
                    <>
                      <Badge appearance="tint" color={contact.verified ? "success" : "warning"} data-test="verified-mark" data-verified={contact.verified}>
                        {contact.verified ? t.verifiedMark : t.unverifiedMark}
                      </Badge>
                      <ExpiryBadge state={expiry} lang={lang} />
                    </>
                  }
                  notice={
                    warningText !== null && (
                      <MessageBar intent={expiry === "expired" ? "error" : "warning"} layout="multiline" data-test="expiry-warning" data-state={expiry}>
                        <MessageBarBody>{warningText[lang]}</MessageBarBody>
                      </MessageBar>
                    )
                  }
                  extraFacts={[
                    { term: t.source, value: CONTACT_SOURCE_TEXT[contact.source][lang], test: "contact-source" },
                    { term: t.firstSeen, value: formatTime(contact.firstSeen, locale) ?? contact.firstSeen, test: "contact-first-seen" },
                    { term: t.lastSeen, value: formatTime(contact.lastSeen, locale) ?? contact.lastSeen, test: "contact-last-seen" },
                  ]}
                  actions={
                    <>
                      <Button
                        size="small"
                        icon={<ArrowDownloadRegular />}
                        onClick={() => saveCertificate({ certificate: contact.certificate, emails: [contact.address], subject: contact.subject })}
                        data-test="export-cer"
                      >
                        {t.exportCertificate}
                      </Button>
                      <DeleteButton label={t.delete} onClick={() => setPending({ kind: "contact", item: contact })} />
                    </>
                  }
                />
              );
            })}
          </ul>
        )}
        <ContactImportForm store={store} lang={lang} onImported={contactsChanged} />
      </section>

      <section className={styles.section} aria-labelledby={anchorsId} data-test="anchors">
        <h2 id={anchorsId} className={styles.heading}>
          {t.anchorsHeading}
        </h2>
        <Text size={200}>{t.anchorsHelp}</Text>
        {anchors.length === 0 ? (
          <Text className={styles.muted}>{t.anchorsNone}</Text>
        ) : (
          <ul className={styles.list}>
            {anchors.map((anchor) => {
              const expiry = Date.parse(anchor.notAfter) < at.getTime() ? "expired" : "valid";
              return (
                <CertificateCard
                  key={anchor.fingerprint}
                  test="anchor"
                  data={{ "data-fingerprint": anchor.fingerprint, "data-expiry": expiry }}
                  title={anchor.label}
                  subtitle={anchor.subject}
                  der={anchor.certificate}
                  notAfter={anchor.notAfter}
                  lang={lang}
                  locale={locale}
                  marks={expiry === "expired" ? <ExpiryBadge state="expired" lang={lang} /> : undefined}
                  actions={<DeleteButton label={t.removeAnchor} onClick={() => setPending({ kind: "anchor", item: anchor })} />}
                />
              );
            })}
          </ul>
        )}
        <AnchorForm store={store} lang={lang} onAdded={keysChanged} />
      </section>

      {/* Mounted only while open: a closed Fluent dialog still sets up its focus trap's hidden sentinels. */}
      {pending !== null && (
        <ConfirmDialog
          open
          title={pending.kind === "identity" ? t.deleteIdentityTitle : pending.kind === "contact" ? t.deleteContactTitle : t.removeAnchorTitle}
          warning={pending.kind === "identity" ? t.deleteIdentityWarning : pending.kind === "contact" ? t.deleteContactWarning : t.removeAnchorWarning}
          confirmLabel={pending.kind === "anchor" ? t.removeAnchor : t.delete}
          cancelLabel={t.cancel}
          onConfirm={() => void remove(pending)}
          onCancel={() => setPending(null)}
        />
      )}
      {exporting !== null && <ExportIdentityDialog identity={exporting} store={store} lang={lang} saveFile={saveFile} onClose={() => setExporting(null)} />}
    </div>
  );
}

function ExpiryBadge({ state, lang }: { readonly state: ExpiryState; readonly lang: Lang }): JSX.Element {
  return (
    <Badge appearance="tint" color={EXPIRY_BADGE[state]} data-test="expiry-mark" data-state={state}>
      {EXPIRY_WORD[state][lang]}
    </Badge>
  );
}

function DeleteButton({ label, onClick }: { readonly label: string; readonly onClick: () => void }): JSX.Element {
  return (
    <Button size="small" icon={<DeleteRegular />} onClick={onClick} data-test="delete">
      {label}
    </Button>
  );
}
