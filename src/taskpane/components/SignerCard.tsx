import { Text, makeStyles, tokens } from "@fluentui/react-components";
import { useId } from "react";
import type { SignerReport } from "../../core/verdict-types.js";
import type { Lang } from "../../i18n/language.js";
import { UI_STRINGS } from "../../i18n/strings.js";
import { SIGNER_ROLE_TEXT, STATUS_WORD, VALIDATION_TEXT } from "../../i18n/terms.js";
import { formatTime } from "../format.js";
import { FACT_LIST_STYLES } from "./fact-list.js";
import { visibleText } from "../visible-text.js";

const useStyles = makeStyles({
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  ...FACT_LIST_STYLES,
  chain: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  small: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  others: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

type Row = readonly [term: string, value: string | null, test: string];

/**
 * The signer's identity as the certificate states it, and how far the authority checked it. Every value is text from
 * the certificate, shown as text with deceptive characters made visible.
 */
export function SignerCard({ signer, lang, locale }: { readonly signer: SignerReport; readonly lang: Lang; readonly locale: string }): JSX.Element {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  const headingId = useId();
  const leaf = signer.chain[0];
  const rows: Row[] = [
    [s.name, signer.name, "signer-name"],
    [s.address, signer.email, "signer-email"],
    [s.organization, signer.organization, "signer-organization"],
    [s.issuer, signer.issuer, "signer-issuer"],
    [s.validFrom, leaf ? formatTime(leaf.notBefore, locale) : null, "signer-valid-from"],
    [s.validUntil, leaf ? formatTime(leaf.notAfter, locale) : null, "signer-valid-until"],
    [s.signingTime, formatTime(signer.signingTime, locale), "signer-time"],
    [s.algorithm, signer.algorithm, "signer-algorithm"],
    [s.trustAnchor, signer.trustAnchor, "signer-trust-anchor"],
  ];
  return (
    <section className={styles.card} aria-labelledby={headingId} data-test="signer" data-role={signer.role} data-status={signer.status}>
      <h2 id={headingId} className={styles.heading}>
        {s.signer}
      </h2>
      <dl className={styles.list}>
        <Entry term={s.validation} test="signer-validation" data={signer.validation}>
          {VALIDATION_TEXT[signer.validation][lang]}
        </Entry>
        {rows
          .filter((row): row is readonly [string, string, string] => row[1] !== null && row[1] !== "")
          .map(([term, value, test]) => (
            <Entry key={test} term={term} test={test}>
              {visibleText(value)}
            </Entry>
          ))}
      </dl>
      {signer.chain.length > 0 && (
        <div>
          <Text weight="semibold" block>
            {s.chain}
          </Text>
          <ol className={styles.chain} data-test="signer-chain">
            {signer.chain.map((cert) => (
              <li key={cert.sha256} data-test="chain-cert">
                <Text block>{visibleText(cert.subject)}</Text>
                <Text className={styles.small} block>
                  {formatTime(cert.notBefore, locale)} – {formatTime(cert.notAfter, locale)}
                </Text>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function Entry({ term, test, data, children }: { readonly term: string; readonly test: string; readonly data?: string; readonly children: string }): JSX.Element {
  const styles = useStyles();
  return (
    <div className={styles.row}>
      <dt className={styles.term}>{term}</dt>
      <dd className={styles.value} data-test={test} data-value={data}>
        {children}
      </dd>
    </div>
  );
}

/** Every signer besides the one the verdict is about, with why it does or does not count. */
export function OtherSigners({ signers, lang }: { readonly signers: readonly SignerReport[]; readonly lang: Lang }): JSX.Element | null {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  const headingId = useId();
  if (signers.length === 0) return null;
  return (
    <section aria-labelledby={headingId} data-test="other-signers">
      <h2 id={headingId} className={styles.heading}>
        {s.otherSignatures}
      </h2>
      <ul className={styles.others}>
        {signers.map((signer, i) => (
          <li key={i} data-test="other-signer" data-role={signer.role} data-status={signer.status}>
            <Text>
              {visibleText(signer.name && signer.email ? `${signer.name} <${signer.email}>` : (signer.email ?? signer.name ?? s.unknownSigner))}
              {signer.issuer ? ` (${s.issuer}: ${visibleText(signer.issuer)})` : ""} — {STATUS_WORD[signer.status][lang]}.{" "}
              {SIGNER_ROLE_TEXT[signer.role][lang]}
            </Text>
          </li>
        ))}
      </ul>
    </section>
  );
}
