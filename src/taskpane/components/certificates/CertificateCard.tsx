import { Button, Spinner, Text, mergeClasses } from "@fluentui/react-components";
import { ChevronDownRegular, ChevronRightRegular } from "@fluentui/react-icons";
import { useEffect, useId, useState, type ReactNode } from "react";
import { CERTIFICATE_STRINGS } from "../../../i18n/certificates.js";
import type { Lang } from "../../../i18n/language.js";
import { VALIDATION_TEXT } from "../../../i18n/terms.js";
import { formatDate } from "../../format.js";
import { visibleText } from "../../visible-text.js";
import { certificateDetails, formatFingerprint, type CertificateDetails } from "./certificate-details.js";
import { useCertificateStyles } from "./styles.js";

/** A line of the details beyond the certificate's own fields (where it came from, how its key is kept). */
export interface ExtraFact {
  readonly term: string;
  readonly value: string;
  readonly test: string;
}

export interface CertificateCardProps {
  /** The list item's hook: "identity", "contact" or "anchor". */
  readonly test: string;
  /** Its state for tests and styles, as data-* attributes (expiry, superseded, verified...). */
  readonly data: Readonly<Record<`data-${string}`, string>>;
  readonly title: string;
  readonly subtitle: string | null;
  readonly der: Uint8Array;
  readonly notAfter: string;
  readonly lang: Lang;
  readonly locale: string;
  readonly marks?: ReactNode;
  /** Said under the title: an expiry warning, what "replaced" means. */
  readonly notice?: ReactNode;
  readonly extraFacts?: readonly ExtraFact[];
  readonly actions: ReactNode;
}

/** One stored certificate: who it is for, until when, what needs doing, and its full details on request. */
export function CertificateCard(props: CertificateCardProps): JSX.Element {
  const { test, data, title, subtitle, der, notAfter, lang, locale, marks, notice, extraFacts = [], actions } = props;
  const styles = useCertificateStyles();
  const t = CERTIFICATE_STRINGS[lang];
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  return (
    <li className={styles.card} data-test={test} {...data}>
      <h3 className={styles.cardTitle}>
        {visibleText(title)}
      </h3>
      {subtitle !== null && (
        <Text size={200} className={styles.muted}>
          {visibleText(subtitle)}
        </Text>
      )}
      <Text size={200} data-test="valid-until" data-value={notAfter}>
        {t.validUntil(formatDate(notAfter, locale))}
      </Text>
      {marks !== undefined && <div className={styles.marks}>{marks}</div>}
      {notice}
      <div className={styles.actions}>
        <Button
          size="small"
          appearance="subtle"
          icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />}
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={() => setOpen(!open)}
          data-test="details-toggle"
        >
          {open ? t.hideDetails : t.details}
        </Button>
        {actions}
      </div>
      <div id={detailsId} hidden={!open}>
        {open && <DetailsList der={der} lang={lang} locale={locale} extraFacts={extraFacts} />}
      </div>
    </li>
  );
}

type Loaded = { readonly phase: "loading" } | { readonly phase: "done"; readonly details: CertificateDetails | null };

function DetailsList({ der, lang, locale, extraFacts }: { der: Uint8Array; lang: Lang; locale: string; extraFacts: readonly ExtraFact[] }): JSX.Element {
  const styles = useCertificateStyles();
  const t = CERTIFICATE_STRINGS[lang];
  const [loaded, setLoaded] = useState<Loaded>({ phase: "loading" });
  useEffect(() => {
    let live = true;
    void certificateDetails(der).then((details) => live && setLoaded({ phase: "done", details }));
    return () => {
      live = false;
    };
  }, [der]);
  if (loaded.phase === "loading") return <Spinner size="tiny" />;
  const d = loaded.details;
  if (d === null) return <Text data-test="certificate-unreadable">{t.unreadableCertificate}</Text>;
  const rows: readonly (readonly [term: string, value: string, test: string, mono?: boolean])[] = [
    [t.subject, visibleText(d.subject), "cert-subject"],
    [t.issuer, visibleText(d.issuer), "cert-issuer"],
    [t.addresses, d.emails.map(visibleText).join(", ") || "—", "cert-emails"],
    [t.validFrom, formatDate(d.notBefore, locale), "cert-not-before"],
    [t.validTo, formatDate(d.notAfter, locale), "cert-not-after"],
    [t.validation, VALIDATION_TEXT[d.validation][lang], "cert-validation"],
    [t.keyType, d.key, "cert-key"],
    [t.keyUsage, d.keyUsage === null ? "—" : d.keyUsage.join(", "), "cert-key-usage"],
    [t.serialNumber, d.serialHex.toUpperCase(), "cert-serial", true],
    [t.fingerprint, formatFingerprint(d.fingerprint), "cert-fingerprint", true],
    ...extraFacts.map((f) => [f.term, f.value, f.test] as const),
  ];
  return (
    <dl className={styles.facts} data-test="certificate-details">
      {rows.map(([term, value, test, mono]) => (
        <div key={test} className={styles.factRow}>
          <dt className={styles.term}>{term}</dt>
          <dd
            className={mergeClasses(styles.value, mono === true && styles.mono)}
            data-test={test}
            data-value={test === "cert-fingerprint" ? d.fingerprint : test === "cert-validation" ? d.validation : undefined}
          >
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
