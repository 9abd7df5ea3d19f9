import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";

export interface ConfirmDialogProps {
  readonly open: boolean;
  readonly title: string;
  /** What will be lost: said before, not after. */
  readonly warning: string;
  readonly confirmLabel: string;
  readonly cancelLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** Asks before something that cannot be undone. Cancel has the focus first, so that Enter does not delete. */
export function ConfirmDialog({ open, title, warning, confirmLabel, cancelLabel, onConfirm, onCancel }: ConfirmDialogProps): JSX.Element {
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, data) => !data.open && onCancel()}>
      <DialogSurface data-test="confirm-dialog">
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>{warning}</DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onCancel} data-test="confirm-cancel">
              {cancelLabel}
            </Button>
            <Button appearance="primary" onClick={onConfirm} data-test="confirm-delete">
              {confirmLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
