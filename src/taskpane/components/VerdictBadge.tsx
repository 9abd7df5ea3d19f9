import { Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { LockClosedRegular } from "@fluentui/react-icons";
import type { Verdict } from "../../core/verdict-types.js";
import type { Lang } from "../../i18n/language.js";
import { ENCRYPTION_NOTE } from "../../i18n/terms.js";
import { STATUS_DISPLAY, badgeFacts, type BadgeColour } from "../status-display.js";

const useStyles = makeStyles({
  badge: {
    display: "flex",
    alignItems: "flex-start",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusLarge,
    // The full border keeps the badge a distinct box in forced-colours mode, where backgrounds are dropped.
    border: `${tokens.strokeWidthThin} solid transparent`,
    borderLeftWidth: "6px",
    borderLeftStyle: "solid",
  },
  icon: { flexShrink: 0, fontSize: "28px" },
  words: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  green: {
    backgroundColor: tokens.colorPaletteGreenBackground1,
    borderLeftColor: tokens.colorPaletteGreenBorderActive,
    color: tokens.colorPaletteGreenForeground1,
  },
  yellow: {
    backgroundColor: tokens.colorPaletteYellowBackground1,
    borderLeftColor: tokens.colorPaletteYellowBorderActive,
    color: tokens.colorPaletteMarigoldForeground2,
  },
  red: {
    backgroundColor: tokens.colorPaletteRedBackground1,
    borderLeftColor: tokens.colorPaletteRedBorderActive,
    color: tokens.colorPaletteRedForeground1,
  },
  grey: {
    backgroundColor: tokens.colorNeutralBackground3,
    borderLeftColor: tokens.colorNeutralStroke1,
    color: tokens.colorNeutralForeground2,
  },
  headline: { color: tokens.colorNeutralForeground1 },
  note: { display: "flex", gap: tokens.spacingHorizontalXS, alignItems: "center", color: tokens.colorNeutralForeground1 },
});

/**
 * The verdict in one box. Everything in it comes from the status table and from certificate fields made visible;
 * nothing from the message body is ever drawn with these colours or icons.
 */
export function VerdictBadge({ verdict, lang }: { readonly verdict: Verdict; readonly lang: Lang }): JSX.Element {
  const styles = useStyles();
  const display = STATUS_DISPLAY[verdict.status];
  const words = display[lang];
  const Icon = display.icon;
  const colourClass: Record<BadgeColour, string> = { green: styles.green, yellow: styles.yellow, red: styles.red, grey: styles.grey };
  const note = ENCRYPTION_NOTE[verdict.encryption];
  return (
    <div
      className={mergeClasses(styles.badge, colourClass[display.colour])}
      data-test="verdict-badge"
      data-status={verdict.status}
      data-encryption={verdict.encryption}
      role="status"
      aria-live="polite"
    >
      <Icon className={styles.icon} aria-hidden />
      <div className={styles.words}>
        <Text weight="bold" size={400} data-test="verdict-label">
          {words.label}
        </Text>
        <Text className={styles.headline} data-test="verdict-headline">
          {words.headline(badgeFacts(verdict, lang))}
        </Text>
        {note !== null && (
          <Text className={styles.note} data-test="verdict-encryption-note">
            <LockClosedRegular aria-hidden />
            {note[lang]}
          </Text>
        )}
      </div>
    </div>
  );
}
