import { Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Verdict } from "../../core/verdict-types.js";
import type { Lang } from "../../i18n/language.js";
import { UI_STRINGS } from "../../i18n/strings.js";
import { ENCRYPTION_TEXT, INTEGRITY_TEXT } from "../../i18n/terms.js";
import { visibleText } from "../visible-text.js";

const useStyles = makeStyles({
  block: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

/** Whether the message was encrypted, and whether the cipher would have shown a change in transit. */
export function EncryptionInfo({ verdict, lang }: { readonly verdict: Verdict; readonly lang: Lang }): JSX.Element {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  return (
    <section className={styles.block} data-test="encryption" data-encryption={verdict.encryption} data-integrity={verdict.integrity}>
      <Text>
        <Text weight="semibold">{s.encryption}:</Text> {ENCRYPTION_TEXT[verdict.encryption][lang]}
      </Text>
      {verdict.encryption === "decrypted" && (
        <Text data-test="integrity" data-integrity={verdict.integrity}>
          <Text weight="semibold">{s.integrity}:</Text> {INTEGRITY_TEXT[verdict.integrity][lang]}
        </Text>
      )}
      {verdict.recipients.length > 0 && (
        <Text data-test="encrypted-for">
          <Text weight="semibold">{s.encryptedFor}:</Text> {verdict.recipients.map(visibleText).join("; ")}
        </Text>
      )}
    </section>
  );
}
