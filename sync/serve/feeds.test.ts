import { decodeCursor, encodeCursor } from "./cursor";
import { feedEtag, ifNoneMatchHits } from "./etag";
import { parseListenAddress } from "./server";
import { contactNumber } from "../testing/serveFixture";
import { xmlText, yealinkEntryOf } from "./yealinkXml";

describe("Yealink entries", () => {
  it("escape markup and drop characters XML 1.0 forbids", () => {
    expect(xmlText(`A&B <"O'Neil"> \u0000\u0007\ud800x\u{1F600}`)).toBe(
      "A&amp;B &lt;&quot;O&apos;Neil&quot;&gt; x\u{1F600}",
    );
  });

  it("list each valid number once, and leave out contacts without one", () => {
    const contact = contactNumber(5);
    const phone = contact.phones[0]!;
    const withInvalid = {
      ...contact,
      phones: [phone, phone, { ...phone, valid: false, e164: null, raw: "n/a" }],
    };
    expect(yealinkEntryOf(withInvalid)).toBe(
      "  <DirectoryEntry>\n    <Name>Person 000005</Name>\n    <Telephone>+31201000005</Telephone>\n  </DirectoryEntry>\n",
    );
    expect(yealinkEntryOf({ ...contact, phones: [] })).toBe("");
  });
});

describe("ETags", () => {
  const etag = feedEtag("t", "vcard", "12.2026-12-01");
  it("differ by tenant, format and version", () => {
    expect(
      new Set([
        etag,
        feedEtag("u", "vcard", "12.2026-12-01"),
        feedEtag("t", "yealink", "12.2026-12-01"),
        feedEtag("t", "vcard", "13.2026-12-01"),
      ]).size,
    ).toBe(4);
  });
  it.each([
    [undefined, false],
    [etag, true],
    [`W/${etag}`, true],
    [`"other", ${etag}`, true],
    ["*", true],
    ['"other"', false],
  ])("If-None-Match %j hits: %j", (header, hits) => {
    expect(ifNoneMatchHits(header, etag)).toBe(hits);
  });
});

describe("cursors", () => {
  it("round-trip an id and refuse anything else", () => {
    expect(decodeCursor(encodeCursor("00000000-0000-4000-8000-000000000001"))).toBe(
      "00000000-0000-4000-8000-000000000001",
    );
    expect(decodeCursor("bm90LW91cnM")).toBeNull();
    expect(decodeCursor("%%%")).toBeNull();
    expect(decodeCursor(encodeCursor(""))).toBeNull();
  });
});

describe("--listen", () => {
  it.each([
    ["127.0.0.1:8080", { host: "127.0.0.1", port: 8080 }],
    [":8080", { host: "0.0.0.0", port: 8080 }],
    ["[::1]:0", { host: "::1", port: 0 }],
    ["localhost:65535", { host: "localhost", port: 65535 }],
  ])("%s", (value, expected) => {
    expect(parseListenAddress(value)).toEqual(expected);
  });
  it.each([["8080"], ["host:"], ["host:65536"], ["::1:80"], ["a b:80"]])(
    "refuses %s naming --listen",
    (value) => {
      expect(() => parseListenAddress(value)).toThrow(
        expect.objectContaining({ code: "listen-address-invalid", field: "listen" }),
      );
    },
  );
});
