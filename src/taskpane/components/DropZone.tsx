import { Button, Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { DocumentArrowUpRegular } from "@fluentui/react-icons";
import { useRef, useState, type DragEvent } from "react";

const useStyles = makeStyles({
  zone: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalL,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    textAlign: "center",
  },
  active: {
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  input: { display: "none" },
});

export interface DropZoneProps {
  readonly prompt: string;
  readonly chooseLabel: string;
  readonly onFile: (file: File) => void;
}

/** Takes one .eml from a drop or the file picker. Only the first file of a multi-file drop is used. */
export function DropZone({ prompt, chooseLabel, onFile }: DropZoneProps): JSX.Element {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) onFile(file);
  };

  return (
    <div
      className={mergeClasses(styles.zone, over && styles.active)}
      data-test="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <DocumentArrowUpRegular fontSize={32} aria-hidden />
      <Text>{prompt}</Text>
      <Button appearance="primary" onClick={() => input.current?.click()}>
        {chooseLabel}
      </Button>
      <input
        ref={input}
        className={styles.input}
        type="file"
        accept=".eml,message/rfc822"
        data-test="eml-input"
        aria-label={chooseLabel}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          // Choosing the same file again must check it again.
          e.target.value = "";
        }}
      />
    </div>
  );
}
