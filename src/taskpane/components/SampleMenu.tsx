import { Menu, MenuButton, MenuItem, MenuList, MenuPopover, MenuTrigger } from "@fluentui/react-components";
import { MailTemplateRegular } from "@fluentui/react-icons";
import type { Lang } from "../../i18n/language.js";
import { UI_STRINGS } from "../../i18n/strings.js";
import { SAMPLES, sampleFileName, type Sample } from "../samples.js";
import { STATUS_DISPLAY } from "../status-display.js";

/** The standalone page's "Try a sample" menu: one message per status, from the project's test PKI. */
export function SampleMenu({ lang, onPick }: { readonly lang: Lang; readonly onPick: (sample: Sample) => void }): JSX.Element {
  const s = UI_STRINGS[lang];
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <MenuButton icon={<MailTemplateRegular />} data-test="sample-menu">
          {s.samples}
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {SAMPLES.map((sample) => (
            <MenuItem key={sample.fixture} onClick={() => onPick(sample)} data-test="sample" data-sample={sample.fixture} data-status={sample.status}>
              {STATUS_DISPLAY[sample.status][lang].label} — {sampleFileName(sample)}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
