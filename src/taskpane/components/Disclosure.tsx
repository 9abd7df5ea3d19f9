import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { ChevronDownRegular, ChevronRightRegular } from "@fluentui/react-icons";
import { useId, useState, type ReactNode } from "react";

const useStyles = makeStyles({
  heading: { margin: 0 },
  toggle: { justifyContent: "flex-start", paddingLeft: 0, fontWeight: tokens.fontWeightSemibold },
  panel: { paddingTop: tokens.spacingVerticalS },
});

export interface DisclosureProps {
  readonly title: string;
  readonly test: string;
  readonly children: ReactNode;
}

/**
 * A heading that opens and closes a section. The closed content stays in the DOM (hidden), so that what it holds,
 * such as the JSON report, can be found by assistive technology once opened and by tests at any time.
 */
export function Disclosure({ title, test, children }: DisclosureProps): JSX.Element {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <section data-test={test} data-open={open}>
      <h2 className={styles.heading}>
        <Button
          className={styles.toggle}
          appearance="transparent"
          icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />}
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
        >
          {title}
        </Button>
      </h2>
      <div id={id} className={styles.panel} hidden={!open}>
        {children}
      </div>
    </section>
  );
}
