import { Text, makeStyles, tokens } from "@fluentui/react-components";
import type { SignerReport } from "../../core/verdict-types.js";
import type { Lang } from "../../i18n/language.js";
import { UI_STRINGS } from "../../i18n/strings.js";
import { VALIDATION_TEXT } from "../../i18n/terms.js";
import { visibleText } from "../visible-text.js";

const useStyles = makeStyles({
  list: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  row: { display: "contents" },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
});

export function formatTime(iso: string | null, lang: Lang): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(lang === "ja" ? "ja-JP" : "en-GB", { timeZoneName: "short" });
}

/** The signer's identity as the certificate states it. Every value is text from the certificate, shown as text. */
export function SignerCard({ signer, lang }: { readonly signer: SignerReport; readonly lang: Lang }): JSX.Element {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  const rows: [string, string | null, string][] = [
    [s.name, signer.name, "signer-name"],
    [s.address, signer.email, "signer-email"],
    [s.organization, signer.organization, "signer-organization"],
    [s.issuer, signer.issuer, "signer-issuer"],
    [s.validation, VALIDATION_TEXT[signer.validation][lang], "signer-validation"],
    [s.signingTime, formatTime(signer.signingTime, lang), "signer-time"],
  ];
  return (
    <section aria-label={s.signer} data-test="signer">
      <Text weight="semibold" block>
        {s.signer}
      </Text>
      <dl className={styles.list}>
        {rows
          .filter((row): row is [string, string, string] => row[1] !== null && row[1] !== "")
          .map(([term, value, test]) => (
            <div key={test} className={styles.row}>
              <dt className={styles.term}>{term}</dt>
              <dd className={styles.value} data-test={test}>
                {visibleText(value)}
              </dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
