import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Verdict } from "../../core/verdict-types.js";
import type { Lang } from "../../i18n/language.js";
import { UI_STRINGS } from "../../i18n/strings.js";
import { ENCRYPTION_TEXT, LAYER_KIND_TEXT, STATUS_WORD } from "../../i18n/terms.js";
import { visibleText } from "../visible-text.js";

const useStyles = makeStyles({
  block: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
});

/** What a help desk needs to see why: From, encryption, every layer with its own status, codes and notes, every signer. */
export function VerdictDetails({ verdict, lang }: { readonly verdict: Verdict; readonly lang: Lang }): JSX.Element {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  const from =
    verdict.from === null
      ? s.none
      : visibleText(verdict.from.name ? `${verdict.from.name} <${verdict.from.address}>` : verdict.from.address);
  return (
    <Accordion collapsible data-test="details">
      <AccordionItem value="details">
        <AccordionHeader>{s.details}</AccordionHeader>
        <AccordionPanel>
          <div className={styles.block}>
            <Text>
              {s.from}: <span data-test="details-from">{from}</span>
            </Text>
            <Text>
              {s.encryption}: {ENCRYPTION_TEXT[verdict.encryption][lang]}
            </Text>
            <Text weight="semibold">{s.layers}</Text>
            {verdict.layers.length === 0 ? (
              <Text>{s.none}</Text>
            ) : (
              <ol className={styles.list} data-test="layers">
                {verdict.layers.map((layer, i) => (
                  <li key={i} data-test="layer" data-kind={layer.kind} data-status={layer.status}>
                    <Text>
                      {LAYER_KIND_TEXT[layer.kind][lang]}: {STATUS_WORD[layer.status][lang]} ({s.depth} {layer.depth},{" "}
                      {s.coversShown}: {layer.coversShown ? s.yes : s.no})
                    </Text>
                    {layer.reasons.length > 0 && <div className={styles.mono}>{layer.reasons.join(", ")}</div>}
                    {layer.notes.length > 0 && (
                      <ul className={styles.list}>
                        {layer.notes.map((note, j) => (
                          <li key={j} className={styles.mono}>
                            {visibleText(note)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ol>
            )}
            {verdict.signers.length > 0 && (
              <>
                <Text weight="semibold">{s.signers}</Text>
                <ul className={styles.list}>
                  {verdict.signers.map((signer, i) => (
                    <li key={i} data-test="details-signer" data-role={signer.role}>
                      <Text>
                        {visibleText(signer.email ?? signer.name ?? s.unknownSigner)}: {STATUS_WORD[signer.status][lang]} ({signer.role},{" "}
                        {s.layer} {signer.layer + 1}, {s.algorithm}: {signer.algorithm})
                      </Text>
                      {signer.reasons.length > 0 && <div className={styles.mono}>{signer.reasons.join(", ")}</div>}
                      {signer.chain.length > 0 && (
                        <ol className={styles.list}>
                          {signer.chain.map((cert) => (
                            <li key={cert.sha256} className={styles.mono}>
                              {visibleText(cert.subject)}
                            </li>
                          ))}
                        </ol>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
