import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { ValidationGeneration, ValidationInfo, ValidationLevel } from "../verdict-types.js";

/** CA/Browser Forum S/MIME Baseline Requirements: 2.23.140.1.5.<validation type>.<generation>. */
const SMIME_BR_ARC = "2.23.140.1.5.";

const LEVEL_BY_ARC: Readonly<Record<string, Exclude<ValidationLevel, "unknown">>> = {
  "1": "mailbox",
  "2": "organization",
  "3": "sponsored",
  "4": "individual",
};

const GENERATION_BY_ARC: Readonly<Record<string, ValidationGeneration>> = {
  "1": "legacy",
  "2": "multipurpose",
  "3": "strict",
};

/**
 * When a certificate names several BR policies the reader is told about the strongest identity check. Individual
 * ranks above sponsored because for a sponsor-validated certificate the person may have been identified by the
 * sponsoring organisation (an Enterprise RA) rather than by the CA itself.
 */
const LEVEL_STRENGTH = {
  unknown: 0,
  mailbox: 1,
  organization: 2,
  sponsored: 3,
  individual: 4,
} as const satisfies Record<ValidationLevel, number>;

/** Only breaks ties between two generations of the same level, so the choice does not depend on OID order. */
const GENERATION_STRENGTH = {
  legacy: 1,
  multipurpose: 2,
  strict: 3,
} as const satisfies Record<ValidationGeneration, number>;

const UNKNOWN: ValidationInfo = { level: "unknown", generation: null, policyOid: null };

const CERTIFICATE_POLICIES_OID = "2.5.29.32";

/**
 * Parse limits for a certificate from a message. Real end-entity certificates are a few kilobytes with a few
 * hundred ASN.1 nodes and a nesting depth near 10; anything past these limits is not a certificate we need a
 * validation level from, and is reported as "unknown" instead of being walked.
 */
const MAX_CERT_BYTES = 256 * 1024;
const MAX_CERT_NODES = 10_000;
const MAX_CERT_DEPTH = 64;

function parseBer(der: Uint8Array): asn1js.AsnType | null {
  if (der.length === 0 || der.length > MAX_CERT_BYTES) return null;
  const parsed = asn1js.fromBER(der, {
    maxContentLength: der.length,
    maxNodes: MAX_CERT_NODES,
    maxDepth: MAX_CERT_DEPTH,
    // Extension values are parsed on their own below; speculative parsing of every OCTET STRING only costs time.
    parseEmbedded: false,
  });
  if (parsed.offset === -1 || parsed.offset !== der.length) return null;
  return parsed.result;
}

function classify(oid: string): ValidationInfo | null {
  if (!oid.startsWith(SMIME_BR_ARC)) return null;
  const arcs = oid.slice(SMIME_BR_ARC.length).split(".");
  if (arcs.length !== 2) return null;
  const [levelArc = "", generationArc = ""] = arcs;
  const level = Object.hasOwn(LEVEL_BY_ARC, levelArc) ? LEVEL_BY_ARC[levelArc] : undefined;
  const generation = Object.hasOwn(GENERATION_BY_ARC, generationArc) ? GENERATION_BY_ARC[generationArc] : undefined;
  if (level === undefined || generation === undefined) return null;
  return { level, generation, policyOid: oid };
}

function isStronger(candidate: ValidationInfo, current: ValidationInfo): boolean {
  const byLevel = LEVEL_STRENGTH[candidate.level] - LEVEL_STRENGTH[current.level];
  if (byLevel !== 0) return byLevel > 0;
  const gen = (info: ValidationInfo): number => (info.generation === null ? 0 : GENERATION_STRENGTH[info.generation]);
  return gen(candidate) > gen(current);
}

/** The validation level named by a certificate's policy OIDs; non-BR OIDs are ignored. */
export function validationInfoFromPolicies(policyOids: readonly string[]): ValidationInfo {
  let best = UNKNOWN;
  for (const oid of policyOids) {
    const info = classify(oid.trim());
    if (info !== null && isStronger(info, best)) best = info;
  }
  return best;
}

function policyOidsOf(certDer: Uint8Array): string[] | null {
  const certAsn = parseBer(certDer);
  if (certAsn === null) return null;
  let cert: pkijs.Certificate;
  try {
    cert = new pkijs.Certificate({ schema: certAsn });
  } catch {
    return null;
  }
  const ext = cert.extensions?.find((e) => e.extnID === CERTIFICATE_POLICIES_OID);
  if (ext === undefined) return [];
  const policiesAsn = parseBer(ext.extnValue.valueBlock.valueHexView);
  if (policiesAsn === null) return null;
  try {
    const policies = new pkijs.CertificatePolicies({ schema: policiesAsn });
    return policies.certificatePolicies.map((p) => p.policyIdentifier);
  } catch {
    return null;
  }
}

/**
 * The validation level of a certificate, from its certificatePolicies extension. A certificate without the
 * extension, or one that does not parse, is "unknown": the level is advice for the reader, never a trust decision.
 */
export function validationInfoOf(certDer: Uint8Array): ValidationInfo {
  const oids = policyOidsOf(certDer);
  return oids === null ? UNKNOWN : validationInfoFromPolicies(oids);
}

const DESCRIPTIONS = {
  mailbox: {
    en: "The CA checked only that the signer controls this mail address.",
    ja: "認証局はこのメールアドレスを使えることだけを確認しています。",
  },
  organization: {
    en: "The CA verified the organisation that this mail address belongs to.",
    ja: "認証局はこのメールアドレスを使う組織の実在を確認しています。",
  },
  sponsored: {
    en: "The CA verified the person's identity and their organisation.",
    ja: "認証局は本人確認と、所属する組織の実在を確認しています。",
  },
  individual: {
    en: "The CA verified the person's identity.",
    ja: "認証局は本人確認を行っています。",
  },
  unknown: {
    en: "The certificate does not say how the CA verified the identity.",
    ja: "この証明書には、認証局がどのように確認したかが書かれていません。",
  },
} as const satisfies Record<ValidationLevel, { readonly en: string; readonly ja: string }>;

/** A plain-language sentence, in English and Japanese, on what the CA checked before issuing the certificate. */
export function describeValidation(info: ValidationInfo): { en: string; ja: string } {
  const { en, ja } = DESCRIPTIONS[info.level];
  return { en, ja };
}
