/**
 * The octets a typed password becomes. PBES2 (PBKDF2) takes the UTF-8 octets, as OpenSSL and Windows write them.
 * The PKCS #12 KDF (MAC key, 3DES and RC2 keys) takes a BMPString, and producers disagree on a few details, so it
 * has candidates, tried in order until the MAC (or, without a MAC, the decryption) accepts one:
 * - UTF-16BE with a two-octet terminator: RFC 7292 B.1, OpenSSL 1.1+ and 3, Windows;
 * - for the empty password, the zero-length string without terminator (Windows "no password" files; OpenSSL tries
 *   it too when reading);
 * - for non-ASCII passwords, each UTF-8 octet widened to 16 bits, which OpenSSL before 1.1.0 wrote.
 */
import { toBinaryString } from "./binary-string.js";

export interface PasswordForms {
  readonly utf8: Uint8Array;
  /** PKCS #12 KDF candidates in node-forge's convention (a JS string of code units; null = zero-length). */
  readonly bmp: readonly (string | null)[];
}

export function passwordForms(password: string): PasswordForms {
  const bmp: (string | null)[] = [password];
  if (password === "") bmp.push(null);
  if (/[^\u0000-\u007f]/.test(password)) bmp.push(toBinaryString(new TextEncoder().encode(password)));
  return { utf8: new TextEncoder().encode(password), bmp };
}

/** The candidates with the preferred one (the form the MAC accepted) first. */
export function preferring(forms: PasswordForms, preferred: string | null | undefined): readonly (string | null)[] {
  if (preferred === undefined) return forms.bmp;
  return [preferred, ...forms.bmp.filter((c) => c !== preferred)];
}
