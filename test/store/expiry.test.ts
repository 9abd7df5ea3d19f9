/** Expiry warnings with a fixed clock: 30 days ahead, expired, not yet valid; none for superseded identities. */
import { describe, expect, it } from "vitest";
import { expiryState, identityExpiryWarning } from "../../src/store/expiry.js";
import type { ExpiryState } from "../../src/store/types.js";
import { days, NOW } from "./kit.js";

const MS = 1;
const iso = (d: Date): string => d.toISOString();

describe("expiryState (now = 2030-06-15T12:00Z)", () => {
  const rows: [string, Date, Date, ExpiryState][] = [
    ["valid for a year", days(-10), days(365), "valid"],
    ["31 days left", days(-10), days(31), "valid"],
    ["exactly 30 days left", days(-10), days(30), "expiring-soon"],
    ["one day left", days(-10), days(1), "expiring-soon"],
    ["expires this very instant", days(-10), NOW, "expiring-soon"],
    ["expired a millisecond ago", days(-10), new Date(NOW.getTime() - MS), "expired"],
    ["expired last year", days(-400), days(-35), "expired"],
    ["valid from tomorrow", days(1), days(365), "not-yet-valid"],
    ["valid from this instant", NOW, days(365), "valid"],
  ];
  it.each(rows)("%s", (_name, notBefore, notAfter, state) => {
    expect(expiryState(iso(notBefore), iso(notAfter), NOW)).toBe(state);
  });
});

describe("identityExpiryWarning", () => {
  const rows: [string, Date, Date, boolean, ExpiryState | null][] = [
    ["a current identity expiring in 10 days warns", days(-300), days(10), false, "expiring-soon"],
    ["a current identity that expired warns", days(-400), days(-1), false, "expired"],
    ["a current identity valid for long does not warn", days(-10), days(300), false, null],
    ["a superseded identity expiring in 10 days does not warn (it was renewed)", days(-300), days(10), true, null],
    ["a superseded identity that expired does not warn (kept to decrypt old mail)", days(-400), days(-1), true, null],
  ];
  it.each(rows)("%s", (_name, notBefore, notAfter, superseded, warning) => {
    expect(identityExpiryWarning({ notBefore: iso(notBefore), notAfter: iso(notAfter), superseded }, NOW)).toBe(warning);
  });
});
