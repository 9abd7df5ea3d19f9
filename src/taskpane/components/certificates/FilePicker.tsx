import { Button, Text } from "@fluentui/react-components";
import { DocumentArrowUpRegular } from "@fluentui/react-icons";
import { useId, useRef } from "react";
import { useCertificateStyles } from "./styles.js";

export interface FilePickerProps {
  readonly label: string;
  /** Shown when no file is chosen yet; null: no line at all (pickers that act at once). */
  readonly emptyText: string | null;
  readonly accept: string;
  readonly test: string;
  readonly file: File | null;
  readonly disabled?: boolean;
  readonly onFile: (file: File) => void;
}

/** A button that opens the file chooser, and the name of the file chosen. The native input stays the stable hook. */
export function FilePicker({ label, emptyText, accept, test, file, disabled = false, onFile }: FilePickerProps): JSX.Element {
  const styles = useCertificateStyles();
  const input = useRef<HTMLInputElement>(null);
  const nameId = useId();
  const named = file !== null || emptyText !== null;
  return (
    <div className={styles.picker}>
      <Button icon={<DocumentArrowUpRegular />} disabled={disabled} onClick={() => input.current?.click()} aria-describedby={named ? nameId : undefined}>
        {label}
      </Button>
      {named && (
        <Text id={nameId} className={styles.fileName} size={200} data-test={`${test}-name`}>
          {file?.name ?? emptyText}
        </Text>
      )}
      <input
        ref={input}
        className={styles.hiddenInput}
        type="file"
        accept={accept}
        data-test={test}
        aria-label={label}
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          if (chosen) onFile(chosen);
          // The same file chosen again (after fixing a password) must count as a new choice.
          e.target.value = "";
        }}
      />
    </div>
  );
}

/** A chosen file's bytes, or null when the browser cannot read it (removed meanwhile, no permission). */
export async function fileBytes(file: File): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    return null;
  }
}
