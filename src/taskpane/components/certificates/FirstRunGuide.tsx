import { Text } from "@fluentui/react-components";
import { useId } from "react";
import { CERTIFICATE_STRINGS } from "../../../i18n/certificates.js";
import type { Lang } from "../../../i18n/language.js";
import { useCertificateStyles } from "./styles.js";

/** For someone with no certificate yet: what S/MIME gives them, where to get a certificate, and how to import it. */
export function FirstRunGuide({ lang }: { readonly lang: Lang }): JSX.Element {
  const styles = useCertificateStyles();
  const t = CERTIFICATE_STRINGS[lang];
  const headingId = useId();
  return (
    <section className={styles.form} aria-labelledby={headingId} data-test="first-run-guide">
      <h2 id={headingId} className={styles.heading}>
        {t.guideTitle}
      </h2>
      <Text>{t.guideWhat}</Text>
      <h3 className={styles.subheading}>{t.guideWhereTitle}</h3>
      <ul className={styles.steps}>
        {t.guideWhere.map((line) => (
          <li key={line}>
            <Text>{line}</Text>
          </li>
        ))}
      </ul>
      <h3 className={styles.subheading}>{t.guideHowTitle}</h3>
      <ol className={styles.steps}>
        {t.guideHow.map((line) => (
          <li key={line}>
            <Text>{line}</Text>
          </li>
        ))}
      </ol>
    </section>
  );
}
