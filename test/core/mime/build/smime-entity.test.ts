import { describe, expect, it } from "vitest";
import { PieceWriter } from "../../../../src/core/mime/build/piece-writer.js";
import { splitTopLevelHeaders, writeHeaderFields, writeMultipartSigned, finishOpaqueSigned } from "../../../../src/core/mime/build/smime-entity.js";
import { decodeBody, getHeader, parseMessage } from "../../../../src/core/mime/index.js";
import { bytes, latin1 } from "../helpers.js";

describe("splitTopLevelHeaders", () => {
  it("keeps RFC 5322 fields outside, moves MIME fields inside, drops Content-Length", () => {
    const root = parseMessage(
      bytes(
        "Received: from x\r\n\tby y\r\nFrom: a@example.jp\r\nContent-Type: text/plain\r\nSubject: s\r\nMIME-Version: 1.0\r\n" +
          "Content-Transfer-Encoding: 7bit\r\nContent-Length: 5\r\nCONTENT-ID: <c@x>\r\nMessage-ID: <m@x>\r\n\r\nbody\r\n",
      ),
    );
    const { outer, inner } = splitTopLevelHeaders(root);
    expect(outer.map((h) => h.name)).toEqual(["Received", "From", "Subject", "Message-ID"]);
    expect(inner.map((h) => h.name)).toEqual(["Content-Type", "MIME-Version", "Content-Transfer-Encoding", "CONTENT-ID"]);
    const w = new PieceWriter();
    writeHeaderFields(w, root, outer);
    expect(latin1(w.join())).toBe("Received: from x\r\n\tby y\r\nFrom: a@example.jp\r\nSubject: s\r\nMessage-ID: <m@x>\r\n");
  });

  it("writes LF-folded fields with CRLF", () => {
    const root = parseMessage(bytes("Subject: a\n b\nFrom: x@example.jp\n\nbody\n"));
    const w = new PieceWriter();
    writeHeaderFields(w, root, root.headers);
    expect(latin1(w.join())).toBe("Subject: a\r\n b\r\nFrom: x@example.jp\r\n");
  });
});

describe("writeMultipartSigned", () => {
  it.each(["sha-256", "sha-384", "sha-512"] as const)("frames the entity exactly, micalg %s", (micalg) => {
    const entity = bytes("Content-Type: text/plain\r\n\r\nsigned text\r\n");
    const signature = Uint8Array.from({ length: 300 }, (_, i) => i & 255);
    const w = new PieceWriter();
    writeMultipartSigned(w, { entity, signature, micalg, boundary: "=_test_boundary" });
    const root = parseMessage(w.join());
    expect(root.defects).toEqual([]);
    expect(getHeader(root, "mime-version")?.rawValue).toBe("1.0");
    expect(root.contentType).toEqual({
      type: "multipart",
      subtype: "signed",
      params: expect.objectContaining({ protocol: "application/pkcs7-signature", micalg, boundary: "=_test_boundary" }),
    });
    const [first, second] = root.children;
    expect(latin1(root.source.subarray(first!.range.start, first!.range.end))).toBe(latin1(entity));
    expect(second!.transferEncoding).toBe("base64");
    expect(getHeader(second!, "content-type")?.rawValue).toBe("application/pkcs7-signature; name=smime.p7s");
    expect(getHeader(second!, "content-disposition")?.rawValue).toBe("attachment; filename=smime.p7s");
    expect(Array.from(decodeBody(second!))).toEqual(Array.from(signature));
  });
});

describe("finishOpaqueSigned", () => {
  it("writes application/pkcs7-mime; smime-type=signed-data from pieces, after what the writer holds", () => {
    const w = new PieceWriter();
    w.ascii("From: a@example.jp\r\n");
    const root = parseMessage(finishOpaqueSigned(w, [Uint8Array.of(0x30, 0x03), Uint8Array.of(1, 2, 3)]));
    expect(getHeader(root, "from")?.rawValue).toBe("a@example.jp");
    expect(root.contentType).toEqual({ type: "application", subtype: "pkcs7-mime", params: expect.objectContaining({ "smime-type": "signed-data", name: "smime.p7m" }) });
    expect(getHeader(root, "content-disposition")?.rawValue).toBe("attachment; filename=smime.p7m");
    expect(Array.from(decodeBody(root))).toEqual([0x30, 0x03, 1, 2, 3]);
  });
});
