import type { Reason, SignerReport, Status, ValidationLevel, Verdict } from "../core/verdict-types.js";

const HEADLINE = {
  verified: "VERIFIED",
  untrusted: "SIGNED, BUT NOT TRUSTED",
  mismatch: "SIGNED, BUT NOT BY THE SENDER SHOWN",
  invalid: "INVALID SIGNATURE",
  partial: "ONLY PARTLY SIGNED",
  unsigned: "NOT SIGNED",
} as const satisfies Record<Status, string>;

const VALIDATION_WORDS = {
  mailbox: "mailbox validated (the CA checked only that the signer controls the address)",
  organization: "organisation validated (the CA verified the organisation)",
  sponsored: "sponsor validated (the CA verified the person and their organisation)",
  individual: "individual validated (the CA verified the person's identity)",
  unknown: "not stated in the certificate",
} as const satisfies Record<ValidationLevel, string>;

/** One plain-language line per reason code, for the human report. The JSON output carries the codes. */
const REASON_WORDS: Readonly<Record<Reason, string>> = {
  "untrusted-root": "The certificate does not lead to a certification authority you trust.",
  "self-signed": "The certificate is self-signed: anyone can make one with any name.",
  expired: "The certificate had expired when the message was signed.",
  "expired-since-signing": "The certificate was valid when the message was signed and has expired since (this is normal for old mail).",
  "not-yet-valid": "The certificate was not yet valid when the message was signed.",
  revoked: "The certificate has been revoked.",
  "revocation-unknown": "Revocation was not checked.",
  "weak-algorithm": "The signature uses an algorithm that is no longer safe (SHA-1 or MD5).",
  "unsupported-algorithm": "The signature uses an algorithm this program cannot check.",
  "time-mismatch": "The signing time differs from the message's Date by more than an hour.",
  "email-mismatch": "The signer's certificate is for another address than the From address.",
  "no-from": "The message has no From address to compare the signer with.",
  "multiple-from": "The message names several senders, so the signer cannot be matched to one.",
  "cert-without-email": "The signer's certificate contains no e-mail address.",
  "digest-mismatch": "The content was changed after it was signed.",
  "bad-signature": "The signature value is wrong: the message or the signature was altered.",
  malformed: "The signature data is damaged or not valid S/MIME.",
  "no-signer": "The signature part contains no signature at all (only certificates).",
  "econtent-in-detached": "The signature hides a second copy of some content: what is shown may not be what was signed.",
  "bad-signed-attributes": "The signature's signed attributes are not as the standard requires.",
  "wrong-key-usage": "The certificate is not allowed to sign e-mail.",
  "partially-signed": "Only part of the message is covered by the signature; other text was added outside it.",
  "outer-signature-ignored": "A signature around encrypted content does not vouch for what is inside.",
  "header-mismatch": "The sender inside the signed part differs from the From header shown.",
  "signer-cert-missing": "The signer's certificate is missing, so the signer cannot be identified.",
  "bad-chain-signature": "A certificate in the chain carries a signature that does not verify.",
  "ca-not-allowed": "A certificate in the chain was issued by something that is not allowed to issue certificates.",
  "limit-exceeded": "The message is nested too deeply or is too large to check safely.",
  "unsupported-critical-extension": "A certificate has a critical extension this program does not understand.",
  "ambiguous-from": "The From header is written so that mail programs may show different senders.",
};

function signerLine(s: SignerReport): string {
  const who = s.name && s.email ? `${s.name} <${s.email}>` : s.email ?? s.name ?? "an unknown signer";
  return who;
}

export function formatVerdict(v: Verdict): string {
  const lines: string[] = [];
  const binding = v.signers.find((s) => s.role === "binding") ?? v.signers[0];
  let head = HEADLINE[v.status];
  if (binding && v.status !== "unsigned") head += ` — signed by ${signerLine(binding)}`;
  lines.push(head);
  if (v.from) lines.push(`  From: ${v.from.name ? `${v.from.name} <${v.from.address}>` : v.from.address}`);
  if (binding && v.status !== "unsigned") {
    lines.push(binding.bindsFrom ? "  The signer's certificate is for the From address." : "  The signer's certificate is NOT for the From address.");
    if (binding.issuer) {
      const root = binding.chain.length > 0 ? binding.chain[binding.chain.length - 1]!.subject : null;
      lines.push(`  Certificate issued by: ${binding.issuer}${binding.trustAnchor ? `; trusted root: ${root}` : " (no path to a trusted root)"}`);
    }
    lines.push(`  How the CA checked the signer: ${VALIDATION_WORDS[binding.validation]}${binding.organization ? `; organisation: ${binding.organization}` : ""}`);
    if (binding.signingTime) lines.push(`  Signed at: ${binding.signingTime}`);
    lines.push(`  Algorithm: ${binding.algorithm}`);
  }
  for (const s of v.signers.filter((x) => x !== binding)) {
    lines.push(`  Also signed by: ${signerLine(s)} (${s.role === "outer" ? "outside the encryption; does not vouch for the content" : s.status})`);
  }
  if (v.encryption !== "none") {
    lines.push(`  Encryption: ${v.encryption}${v.encryption === "decrypted" ? (v.integrity === "aead" ? " (AES-GCM: tampering would be detected)" : " (CBC: tampering would not be detected)") : ""}`);
    if (v.encryption === "no-key" && v.recipients.length > 0) lines.push(`  Encrypted for: ${v.recipients.join("; ")}`);
  }
  for (const r of v.reasons) lines.push(`  - ${REASON_WORDS[r]}`);
  if (v.authResults) {
    const parts: string[] = [];
    if (v.authResults.spf) parts.push(`SPF ${v.authResults.spf.result}${v.authResults.spf.domain ? ` (${v.authResults.spf.domain})` : ""}`);
    for (const d of v.authResults.dkim) parts.push(`DKIM ${d.result}${d.domain ? ` (${d.domain})` : ""}`);
    if (v.authResults.dmarc) parts.push(`DMARC ${v.authResults.dmarc.result}${v.authResults.dmarc.domain ? ` (${v.authResults.dmarc.domain})` : ""}`);
    if (parts.length > 0) lines.push(`  Domain checks by ${v.authResults.authservId || "the receiving server"}: ${parts.join(", ")} — these prove the sending domain, not the person.`);
  }
  return lines.join("\n") + "\n";
}
