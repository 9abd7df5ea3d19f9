import { tokens } from "@fluentui/react-components";

/**
 * A two-column list of terms and values (a <dl> whose rows are display: contents), as the signer card and the
 * certificate details show them; spread into a component's makeStyles.
 */
export const FACT_LIST_STYLES = {
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
} as const;
