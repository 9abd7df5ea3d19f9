import { Text, makeStyles, tokens } from "@fluentui/react-components";
import { STATUSES } from "../../core/verdict-types.js";
import { HELP_TEXT } from "../../i18n/help.js";
import type { Lang } from "../../i18n/language.js";
import { UI_STRINGS } from "../../i18n/strings.js";
import { STATUS_DISPLAY } from "../status-display.js";
import { Disclosure } from "./Disclosure.js";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  statuses: { margin: 0, padding: 0, listStyle: "none", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  status: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-start" },
  icon: { flexShrink: 0, fontSize: "20px" },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  slogan: { fontWeight: tokens.fontWeightSemibold },
});

/** Plain-language help: what each badge means and what to do, for readers new to S/MIME. */
export function HelpPanel({ lang }: { readonly lang: Lang }): JSX.Element {
  const styles = useStyles();
  const help = HELP_TEXT[lang];
  return (
    <Disclosure title={UI_STRINGS[lang].help} test="help">
      <div className={styles.body}>
        <Text>{help.intro}</Text>
        <h3 className={styles.subheading}>{help.badgeTitle}</h3>
        <ul className={styles.statuses}>
          {STATUSES.map((status) => {
            const Icon = STATUS_DISPLAY[status].icon;
            return (
              <li key={status} className={styles.status} data-test="help-status" data-status={status}>
                <Icon className={styles.icon} aria-hidden />
                <Text>
                  <Text weight="semibold">{STATUS_DISPLAY[status][lang].label}:</Text> {help.statuses[status]}
                </Text>
              </li>
            );
          })}
        </ul>
        <h3 className={styles.subheading}>{help.todoTitle}</h3>
        <ul className={styles.list}>
          {help.todo.map((line) => (
            <li key={line}>
              <Text>{line}</Text>
            </li>
          ))}
        </ul>
        <h3 className={styles.subheading}>{help.levelsTitle}</h3>
        <Text>{help.levels}</Text>
        <Text className={styles.slogan} lang={lang}>
          {help.slogan}
        </Text>
      </div>
    </Disclosure>
  );
}
