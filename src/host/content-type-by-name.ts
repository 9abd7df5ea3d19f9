/**
 * A media type for an attachment from its file name. Outlook's compose-mode attachment details (AttachmentDetailsCompose)
 * carry no content type, unlike read mode's; the name's extension is what there is. The table covers what people attach
 * to mail; anything else goes out as application/octet-stream, which every client offers to save.
 */

const BY_EXTENSION: Readonly<Record<string, string>> = {
  // Documents
  pdf: "application/pdf",
  rtf: "application/rtf",
  txt: "text/plain",
  csv: "text/csv",
  htm: "text/html",
  html: "text/html",
  xml: "application/xml",
  json: "application/json",
  md: "text/markdown",
  doc: "application/msword",
  dot: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
  // Images
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  bmp: "image/bmp",
  webp: "image/webp",
  svg: "image/svg+xml",
  tif: "image/tiff",
  tiff: "image/tiff",
  heic: "image/heic",
  // Audio and video
  mp3: "audio/mpeg",
  wav: "audio/wav",
  m4a: "audio/mp4",
  mp4: "video/mp4",
  mov: "video/quicktime",
  // Archives
  zip: "application/zip",
  "7z": "application/x-7z-compressed",
  gz: "application/gzip",
  tar: "application/x-tar",
  // Mail, calendar and contacts
  eml: "message/rfc822",
  ics: "text/calendar",
  vcf: "text/vcard",
  // Certificates and keys people send each other
  cer: "application/pkix-cert",
  crt: "application/pkix-cert",
  der: "application/pkix-cert",
  pem: "application/x-pem-file",
  p7b: "application/pkcs7-mime",
  p7c: "application/pkcs7-mime",
  p7m: "application/pkcs7-mime",
  p7s: "application/pkcs7-signature",
};

export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

export function contentTypeForName(name: string): string {
  const dot = name.lastIndexOf(".");
  if (dot < 0 || dot === name.length - 1) return DEFAULT_CONTENT_TYPE;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}
