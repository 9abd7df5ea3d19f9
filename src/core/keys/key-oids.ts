/** Object identifiers of PKCS #5, #8 and #12 (RFC 8018, RFC 5958, RFC 7292) and the key algorithms they carry. */

export const KEY_OID = {
  // RFC 7292 §4: bag types.
  keyBag: "1.2.840.113549.1.12.10.1.1",
  pkcs8ShroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  crlBag: "1.2.840.113549.1.12.10.1.4",
  secretBag: "1.2.840.113549.1.12.10.1.5",
  safeContentsBag: "1.2.840.113549.1.12.10.1.6",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  friendlyName: "1.2.840.113549.1.9.20",
  localKeyId: "1.2.840.113549.1.9.21",

  // RFC 7292 Appendix C: the PKCS #12 password-based encryption schemes.
  pbeWithSHAAnd128BitRC4: "1.2.840.113549.1.12.1.1",
  pbeWithSHAAnd40BitRC4: "1.2.840.113549.1.12.1.2",
  pbeWithSHAAnd3KeyTripleDesCbc: "1.2.840.113549.1.12.1.3",
  pbeWithSHAAnd2KeyTripleDesCbc: "1.2.840.113549.1.12.1.4",
  pbeWithSHAAnd128BitRc2Cbc: "1.2.840.113549.1.12.1.5",
  pbewithSHAAnd40BitRc2Cbc: "1.2.840.113549.1.12.1.6",

  // RFC 8018: PBES2, PBKDF2 and its PRFs, and the ciphers PBES2 names.
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  pbmac1: "1.2.840.113549.1.5.14",
  hmacWithSHA1: "1.2.840.113549.2.7",
  hmacWithSHA224: "1.2.840.113549.2.8",
  hmacWithSHA256: "1.2.840.113549.2.9",
  hmacWithSHA384: "1.2.840.113549.2.10",
  hmacWithSHA512: "1.2.840.113549.2.11",
  aes128Cbc: "2.16.840.1.101.3.4.1.2",
  aes192Cbc: "2.16.840.1.101.3.4.1.22",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  desEde3Cbc: "1.2.840.113549.3.7",

  // RFC 8410.
  x25519: "1.3.101.110",
  x448: "1.3.101.111",
} as const;
