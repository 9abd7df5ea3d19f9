import { Text, makeStyles, tokens } from "@fluentui/react-components";
import { useId } from "react";
import type { AuthMethodResult, AuthResults } from "../../core/verdict-types.js";
import type { Lang } from "../../i18n/language.js";
import { UI_STRINGS } from "../../i18n/strings.js";
import { AUTH_METHOD_TEXT, type AuthMethod } from "../../i18n/terms.js";
import { visibleText } from "../visible-text.js";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  result: { fontFamily: tokens.fontFamilyMonospace },
  explain: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

const METHOD_NAME = { spf: "SPF", dkim: "DKIM", dmarc: "DMARC" } as const satisfies Record<AuthMethod, string>;

function entries(results: AuthResults): { method: AuthMethod; result: AuthMethodResult; key: string }[] {
  return [
    ...(results.spf ? [{ method: "spf" as const, result: results.spf, key: "spf" }] : []),
    ...results.dkim.map((d, i) => ({ method: "dkim" as const, result: d, key: `dkim-${i}` })),
    ...(results.dmarc ? [{ method: "dmarc" as const, result: results.dmarc, key: "dmarc" }] : []),
  ];
}

/**
 * SPF, DKIM and DMARC as the receiving server recorded them, beside (never mixed into) the signature result: they
 * authenticate a domain, not the person who wrote the mail.
 */
export function DomainChecks({ results, lang }: { readonly results: AuthResults | null; readonly lang: Lang }): JSX.Element {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  const headingId = useId();
  const rows = results === null ? [] : entries(results);
  return (
    <section className={styles.section} aria-labelledby={headingId} data-test="auth-results" data-present={results !== null}>
      <h2 id={headingId} className={styles.heading}>
        {s.domainChecks}
      </h2>
      {results === null || rows.length === 0 ? (
        <Text data-test="auth-none">{s.domainChecksNone}</Text>
      ) : (
        <>
          <Text className={styles.explain}>
            {s.domainChecksBy}: {visibleText(results.authservId)}
          </Text>
          <ul className={styles.list}>
            {rows.map(({ method, result, key }) => (
              <li key={key} data-test="auth-check" data-method={method} data-result={result.result}>
                <Text>
                  {METHOD_NAME[method]}: <span className={styles.result}>{visibleText(result.result)}</span>
                  {result.domain ? ` (${s.domain}: ${visibleText(result.domain)})` : ""}
                </Text>
                <Text className={styles.explain} block>
                  {AUTH_METHOD_TEXT[method][lang]}
                </Text>
              </li>
            ))}
          </ul>
          <Text className={styles.explain}>{s.domainChecksCaveat}</Text>
        </>
      )}
    </section>
  );
}
