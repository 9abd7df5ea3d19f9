import { Text, makeStyles, tokens } from "@fluentui/react-components";
import { statusOfReason } from "../../core/verdict.js";
import type { Reason } from "../../core/verdict-types.js";
import type { Lang } from "../../i18n/language.js";
import { REASON_TEXT } from "../../i18n/reasons.js";
import { UI_STRINGS } from "../../i18n/strings.js";

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  code: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

function Reasons({ reasons, lang }: { readonly reasons: readonly Reason[]; readonly lang: Lang }): JSX.Element {
  const styles = useStyles();
  return (
    <ul className={styles.list}>
      {reasons.map((r) => (
        <li key={r} data-test="reason" data-reason={r}>
          <Text>{REASON_TEXT[r][lang]}</Text> <span className={styles.code}>({r})</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The reasons that decided the status first, then those that did not change it (an expired-since-signing certificate,
 * unchecked revocation): both matter to a reader, but not equally.
 */
export function ReasonList({ reasons, lang }: { readonly reasons: readonly Reason[]; readonly lang: Lang }): JSX.Element | null {
  const s = UI_STRINGS[lang];
  const decisive = reasons.filter((r) => statusOfReason(r) !== null);
  const informational = reasons.filter((r) => statusOfReason(r) === null);
  if (reasons.length === 0) return null;
  return (
    <section data-test="reasons">
      {decisive.length > 0 && (
        <>
          <Text weight="semibold" block>
            {s.reasons}
          </Text>
          <Reasons reasons={decisive} lang={lang} />
        </>
      )}
      {informational.length > 0 && (
        <>
          <Text weight="semibold" block>
            {s.notes}
          </Text>
          <Reasons reasons={informational} lang={lang} />
        </>
      )}
    </section>
  );
}
