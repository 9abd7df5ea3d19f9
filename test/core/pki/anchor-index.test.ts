import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bytesEqual } from "../../../src/core/cms/der.js";
import { createAnchorIndex, nameDer, subjectNameDer } from "../../../src/core/pki/anchor-index.js";
import { parseCertificate } from "../../../src/core/pki/certificate.js";
import { defaultRootsDer } from "../../../src/core/pki/default-roots-loader.js";
import { createVerifier } from "../../../src/core/verify-message.js";
import { ensureFixtures, type FixtureSet } from "../../fixtures/generate.js";

let fx: FixtureSet;
beforeAll(async () => {
  fx = await ensureFixtures();
});

describe("anchor index", () => {
  it("finds the encoded subject of every built-in root and test certificate exactly as a full parse does", () => {
    const ders = [...defaultRootsDer(), ...["root", "inter", "alice", "bob", "dsa"].map((n) => new Uint8Array(readFileSync(fx.pki[n as "root"].certDer)))];
    for (const der of ders) {
      const parsed = parseCertificate(der);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      const quick = subjectNameDer(der);
      expect(quick).not.toBeNull();
      expect(bytesEqual(quick!, nameDer(parsed.value.cert.subject))).toBe(true);
    }
  });

  it("returns nothing for damaged certificates instead of throwing", () => {
    const root = new Uint8Array(readFileSync(fx.pki.root.certDer));
    for (const cut of [0, 1, 2, 10, 50, root.length - 1]) expect(() => subjectNameDer(root.subarray(0, cut))).not.toThrow();
    expect(subjectNameDer(new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]))).toBeNull();
  });

  it("finds anchors by the exact encoded name, and looks up any name a message carries without failing", () => {
    const root = new Uint8Array(readFileSync(fx.pki.root.certDer));
    const index = createAnchorIndex([root, new Uint8Array(readFileSync(fx.pki.otherroot.certDer))]);
    const subject = subjectNameDer(root)!;
    expect(index.bySubject(subject.slice()).map((a) => a.der.byteLength)).toEqual([root.byteLength]);
    const changed = subject.slice();
    changed[changed.length - 1]! ^= 1;
    expect(index.bySubject(changed)).toEqual([]);
    // A name far past one native call's argument limit, as a hostile certificate could carry.
    const huge = new Uint8Array(300_000).fill(0x41);
    huge.set(subject);
    expect(index.bySubject(huge)).toEqual([]);
    expect(index.bySubject(new Uint8Array(0))).toEqual([]);
  });

  it("anchors a path when the root is only in the index (as the built-in roots are)", async () => {
    const index = createAnchorIndex([new Uint8Array(readFileSync(fx.pki.root.certDer))]);
    const other = createAnchorIndex([new Uint8Array(readFileSync(fx.pki.otherroot.certDer))]);
    const message = new Uint8Array(readFileSync(path.join(fx.dir, "messages", "detached-rsa.eml")));
    const { validatePath } = await import("../../../src/core/pki/validate-path.js");
    const leaf = parseCertificate(new Uint8Array(readFileSync(fx.pki.alice.certDer)));
    const inter = parseCertificate(new Uint8Array(readFileSync(fx.pki.inter.certDer)));
    if (!leaf.ok || !inter.ok) throw new Error("fixture certificates do not parse");
    const base = { subtle: globalThis.crypto.subtle, leaf: leaf.value, intermediates: [inter.value], anchors: [], signingTime: null, now: new Date() };
    expect((await validatePath({ ...base, anchorIndex: index })).problems).toEqual([]);
    expect((await validatePath({ ...base, anchorIndex: other })).problems).toContain("untrusted-root");
    // The verifier with the built-in roots still reports an unknown private root as untrusted.
    expect((await createVerifier().verify(message)).reasons).toContain("untrusted-root");
  });
});
