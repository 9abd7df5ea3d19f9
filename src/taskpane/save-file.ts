/** Hands a file the pane made (a certificate, an exported identity) to the user. */
export type SaveFile = (name: string, bytes: Uint8Array, type: string) => void;

/** How long the object URL of a saved file lives: the browser has started the download long before. */
const OBJECT_URL_LIFETIME_MS = 60_000;

/** Saves through a download link, the one way that works in a task pane and in a browser tab alike. */
export const downloadFile: SaveFile = (name, bytes, type) => {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
};
