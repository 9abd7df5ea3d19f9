/**
 * Reads an RFC 5322 date-time ("Tue, 25 Nov 2026 17:00:00 +0900", obsolete zone names included). Returns null
 * when the text is not a date, so that a garbled Date header never decides a verdict by itself.
 */
const MONTHS: Readonly<Record<string, number>> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};
const ZONES: Readonly<Record<string, number>> = {
  ut: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

export function parseMessageDate(text: string): Date | null {
  const cleaned = text.replace(/\([^)]*\)/g, " ").replace(/\s+/g, " ").trim();
  const m = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,3})?$/.exec(cleaned);
  if (!m) return null;
  const month = MONTHS[m[2]!.toLowerCase()];
  if (month === undefined) return null;
  let year = Number(m[3]);
  // RFC 5322 §4.3: two-digit years below 50 are 20xx, others 19xx; three digits add 1900.
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (m[3]!.length === 3) year += 1900;
  let offsetMinutes = 0;
  const zone = m[7];
  if (zone && /^[+-]\d{4}$/.test(zone)) {
    const sign = zone[0] === "-" ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  } else if (zone) {
    offsetMinutes = ZONES[zone.toLowerCase()] ?? 0;
  }
  const hours = Number(m[4]);
  const minutes = Number(m[5]);
  const seconds = m[6] ? Number(m[6]) : 0;
  const day = Number(m[1]);
  if (hours > 23 || minutes > 59 || seconds > 60 || day < 1 || day > 31) return null;
  const utc = Date.UTC(year, month, day, hours, minutes, seconds) - offsetMinutes * 60_000;
  return Number.isNaN(utc) ? null : new Date(utc);
}
