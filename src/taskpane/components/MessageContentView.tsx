import { Button, Divider, MessageBar, MessageBarBody, Text, ToggleButton, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowDownloadRegular, AttachRegular, DocumentTextRegular } from "@fluentui/react-icons";
import { useId, useMemo, useState } from "react";
import type { ContentAttachment, MessageContent } from "../../core/message-content.js";
import type { Lang } from "../../i18n/language.js";
import { UI_STRINGS } from "../../i18n/strings.js";
import { CONTENT_SOURCE_TEXT } from "../../i18n/terms.js";
import { formatSize } from "../format.js";
import { inlineImages, messageDocument } from "../safe-html.js";
import { visibleMessageText, visibleText } from "../visible-text.js";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  // Deliberately unlike the badge: a dashed neutral frame, no status colour, no icon of the status table.
  sheet: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  note: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  frame: { width: "100%", height: "60vh", minHeight: "12rem", border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, backgroundColor: "#fff" },
  text: {
    margin: 0,
    maxHeight: "60vh",
    overflow: "auto",
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    fontFamily: tokens.fontFamilyBase,
    // The sender's text cannot reorder anything outside its own box.
    unicodeBidi: "isolate",
  },
  attachments: { margin: 0, padding: 0, listStyle: "none", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  attachment: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  name: { overflowWrap: "anywhere", flexGrow: 1 },
});

/** The name a saved file gets: deceptive characters made visible, no path separators. */
export function downloadName(name: string): string {
  return visibleText(name).replace(/[/\\]/g, "_").replace(/^\.+/, "_") || "attachment";
}

function save(attachment: ContentAttachment): void {
  // octet-stream, so that the browser saves the file rather than opening it with the sender's chosen type.
  const url = URL.createObjectURL(new Blob([attachment.bytes.slice()], { type: "application/octet-stream" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = downloadName(attachment.name);
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface MessageContentViewProps {
  readonly content: MessageContent;
  readonly lang: Lang;
  readonly locale: string;
}

/**
 * The message body for messages Outlook may not display (opaque-signed, decrypted). It sits below a separator, in a
 * frame unlike the badge, and says that the sender wrote it: a body can imitate anything, including a green badge.
 */
export function MessageContentView({ content, lang, locale }: MessageContentViewProps): JSX.Element | null {
  const styles = useStyles();
  const s = UI_STRINGS[lang];
  const headingId = useId();
  const [asText, setAsText] = useState(false);
  const srcdoc = useMemo(
    () => (content.html === null ? null : messageDocument(content.html, inlineImages(content.attachments))),
    [content.html, content.attachments],
  );
  const explanation = CONTENT_SOURCE_TEXT[content.source];
  if (explanation === null) return null;

  if (content.source === "encrypted" || content.source === "unreadable") {
    return (
      <MessageBar intent={content.source === "encrypted" ? "info" : "warning"} data-test="message-content" data-source={content.source}>
        <MessageBarBody>{explanation[lang]}</MessageBarBody>
      </MessageBar>
    );
  }

  const showHtml = srcdoc !== null && !(asText && content.text !== null);
  return (
    <section className={styles.section} aria-labelledby={headingId} data-test="message-content" data-source={content.source}>
      <Divider />
      <h2 id={headingId} className={styles.heading}>
        {s.contentHeading}
      </h2>
      <Text className={styles.note}>
        {explanation[lang]} {s.contentBlocked}
      </Text>
      <div className={styles.sheet}>
        {srcdoc !== null && content.text !== null && (
          <div>
            <ToggleButton size="small" icon={<DocumentTextRegular />} checked={asText} onClick={() => setAsText(!asText)} data-test="content-as-text">
              {s.showText}
            </ToggleButton>
          </div>
        )}
        {showHtml ? (
          <iframe className={styles.frame} sandbox="" srcDoc={srcdoc} title={s.contentFrameTitle} referrerPolicy="no-referrer" data-test="content-html" />
        ) : (
          content.text !== null && (
            <pre className={styles.text} data-test="content-text" dir="auto" tabIndex={0} aria-label={s.contentFrameTitle}>
              {visibleMessageText(content.text)}
            </pre>
          )
        )}
        {content.attachments.length > 0 && (
          <div>
            <Text weight="semibold" block>
              {s.attachments}
            </Text>
            <ul className={styles.attachments}>
              {content.attachments.map((a, i) => (
                <li key={i} className={styles.attachment} data-test="attachment" data-type={a.type}>
                  <AttachRegular aria-hidden />
                  <Text className={styles.name}>
                    {visibleText(a.name)} <span className={styles.note}>({visibleText(a.type)}, {formatSize(a.bytes.length, locale)})</span>
                  </Text>
                  <Button size="small" icon={<ArrowDownloadRegular />} onClick={() => save(a)} aria-label={`${s.saveNamed}: ${visibleText(a.name)}`} data-test="save-attachment">
                    {s.save}
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
