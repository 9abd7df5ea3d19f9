import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { HARVEST_CONFIRM_BUTTON, HARVEST_CONFIRMED_TEXT, HARVEST_TEXT } from "../../i18n/harvest.js";
import type { Lang } from "../../i18n/language.js";
import type { HarvestCode } from "../../store/types.js";
import type { HarvestState } from "../use-harvest.js";

/** Outcomes that leave a certificate of this person in the store, which the confirmed wording applies to. */
const KEPT = {
  added: true,
  "replaced-older": true,
  "replaced-invalid": true,
  "replaced-unverified": true,
  "seen-again": true,
  "kept-verified": false,
  "kept-valid": false,
  "kept-newer": false,
  "not-eligible": false,
  "needs-confirmation": false,
  "no-address": false,
  "storage-failed": false,
} as const satisfies Record<HarvestCode, boolean>;

export interface HarvestNoticeProps {
  readonly state: HarvestState;
  readonly lang: Lang;
  readonly onConfirm: () => void;
}

/** What became of the sender's certificate: saved (they can now be sent encrypted mail), kept back, or the offer to keep it. */
export function HarvestNotice({ state, lang, onConfirm }: HarvestNoticeProps): JSX.Element | null {
  if (state.phase !== "decided") return null;
  const entry = HARVEST_TEXT[state.code];
  if (entry === null) return null;
  const confirmedKept = state.confirmed && KEPT[state.code];
  return (
    <div role="status">
      <MessageBar layout="multiline" intent={entry.intent} data-test="harvest" data-code={state.code} data-confirmed={state.confirmed}>
        <MessageBarBody>{confirmedKept ? HARVEST_CONFIRMED_TEXT[lang] : entry[lang]}</MessageBarBody>
        {state.code === "needs-confirmation" && (
          <MessageBarActions>
            <Button onClick={onConfirm} data-test="harvest-confirm">
              {HARVEST_CONFIRM_BUTTON[lang]}
            </Button>
          </MessageBarActions>
        )}
      </MessageBar>
    </div>
  );
}
