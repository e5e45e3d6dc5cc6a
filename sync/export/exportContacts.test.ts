import type { Contact, EntraUser } from "../model";
import { blankUser, entraUser } from "../plan/testUsers";
import { toContact } from "../plan/toContact";
import { exportContacts, type ExportFormat } from "./exportContacts";
import { fold, text } from "./vcard";

const ALICE_ID = "6E7B768E-07E2-4810-8459-485F84F8F204";

/** Alice with what the exports must cope with: an extension, an unparseable mobile, no country. */
function user(overrides: Partial<EntraUser>): EntraUser {
  return entraUser({
    id: ALICE_ID,
    businessPhones: ["020 123 4567 ext. 45"],
    mobilePhone: "n/a",
    country: null,
    ...overrides,
  });
}

const alice = toContact(user({}), "NL");
const bare = toContact(
  blankUser({ id: "user-2", accountEnabled: true, userType: "Member", usageLocation: "NL" }),
  "NL",
);
const hostile = toContact(
  user({
    displayName: 'Mallory "M", Jr.; \\ boss\r\nline2',
    givenName: '=HYPERLINK("http://x")',
    surname: 'O\'Brien; "x"',
    mail: "-2+3@example",
    companyName: "@SUM(A1)",
    department: "Ops,\nNight",
    jobTitle: "\u0007Bell\u0000",
    businessPhones: ["+31 20 123 4567", "=1+1"],
    mobilePhone: null,
  }),
  "NL",
);

async function render(
  contacts: Contact[],
  format: ExportFormat,
): Promise<{ output: string; chunks: number }> {
  const chunks: string[] = [];
  await exportContacts(contacts, format, (chunk) => chunks.push(chunk));
  return { output: chunks.join(""), chunks: chunks.length };
}

describe("CSV export", () => {
  const header =
    "object_id,display_name,given_name,surname,mail,company,department,job_title,type,e164,extension,raw,valid,problem,region\r\n";

  it("writes one row per number, and one row for a contact without numbers", async () => {
    expect(await render([alice, bare], "csv")).toEqual({
      output:
        header +
        `${ALICE_ID},Alice Jansen,Alice,Jansen,alice@contoso.example,Contoso,R&D,Engineer,business,+31201234567,45,020 123 4567 ext. 45,true,,NL\r\n` +
        `${ALICE_ID},Alice Jansen,Alice,Jansen,alice@contoso.example,Contoso,R&D,Engineer,mobile,,,n/a,false,not a phone number,NL\r\n` +
        "user-2,user-2,,,,,,,,,,,,,\r\n",
      chunks: 3,
    });
  });

  it("quotes per RFC 4180 and defuses formulas, leaving phone data as it is", async () => {
    expect((await render([hostile], "csv")).output).toBe(
      header +
        `${ALICE_ID},"Mallory ""M"", Jr.; \\ boss\r\nline2","'=HYPERLINK(""http://x"")","O'Brien; ""x""",'-2+3@example,'@SUM(A1),"Ops,\nNight",\u0007Bell\u0000,business,+31201234567,,+31 20 123 4567,true,,NL\r\n` +
        `${ALICE_ID},"Mallory ""M"", Jr.; \\ boss\r\nline2","'=HYPERLINK(""http://x"")","O'Brien; ""x""",'-2+3@example,'@SUM(A1),"Ops,\nNight",\u0007Bell\u0000,business,,,'=1+1,false,not a phone number,NL\r\n`,
    );
  });

  it("writes only the header for an empty directory", async () => {
    expect(await render([], "csv")).toEqual({ output: header, chunks: 1 });
  });
});

describe("JSON export", () => {
  it("writes an array of records with the object id and every number", async () => {
    const { output, chunks } = await render([alice, bare], "json");
    expect(chunks).toBe(3);
    expect(output.split("\n")).toHaveLength(5);
    expect(JSON.parse(output)).toEqual([
      {
        id: ALICE_ID,
        displayName: "Alice Jansen",
        givenName: "Alice",
        surname: "Jansen",
        mail: "alice@contoso.example",
        userPrincipalName: "alice@contoso.example",
        jobTitle: "Engineer",
        department: "R&D",
        companyName: "Contoso",
        officeLocation: "Amsterdam",
        numbers: [
          {
            type: "business",
            e164: "+31201234567",
            extension: "45",
            raw: "020 123 4567 ext. 45",
            valid: true,
            problem: null,
            region: "NL",
          },
          {
            type: "mobile",
            e164: null,
            extension: null,
            raw: "n/a",
            valid: false,
            problem: "not a phone number",
            region: "NL",
          },
        ],
      },
      {
        id: "user-2",
        displayName: "user-2",
        givenName: null,
        surname: null,
        mail: null,
        userPrincipalName: null,
        jobTitle: null,
        department: null,
        companyName: null,
        officeLocation: null,
        numbers: [],
      },
    ]);
  });

  it("keeps hostile text intact and parseable", async () => {
    const [record] = JSON.parse((await render([hostile], "json")).output) as Array<{
      displayName: string;
      jobTitle: string;
    }>;
    expect(record).toMatchObject({
      displayName: 'Mallory "M", Jr.; \\ boss\r\nline2',
      jobTitle: "\u0007Bell\u0000",
    });
  });

  it("writes an empty array for an empty directory", async () => {
    expect(await render([], "json")).toEqual({ output: "[]\n", chunks: 1 });
  });
});

describe("vCard export", () => {
  it("writes a vCard 4.0 per contact with tel: URIs and invalid numbers as text", async () => {
    expect(await render([alice, bare], "vcard")).toEqual({
      output: [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "UID:urn:uuid:6e7b768e-07e2-4810-8459-485f84f8f204",
        "FN:Alice Jansen",
        "N:Jansen;Alice;;;",
        "EMAIL;TYPE=work:alice@contoso.example",
        "ORG:Contoso;R&D",
        "TITLE:Engineer",
        "TEL;VALUE=uri;TYPE=work,voice:tel:+31201234567;ext=45",
        "TEL;VALUE=text;TYPE=cell,voice:n/a",
        "X-ENTRA-REPLICATOR-PHONE-PROBLEM;TYPE=cell,voice:n/a: not a phone number",
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:4.0",
        "UID;VALUE=text:user-2",
        "FN:user-2",
        "END:VCARD",
        "",
      ].join("\r\n"),
      chunks: 2,
    });
  });

  it("escapes , ; \\ and newlines, drops control characters, and folds long lines", async () => {
    expect((await render([hostile], "vcard")).output).toBe(
      [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "UID:urn:uuid:6e7b768e-07e2-4810-8459-485f84f8f204",
        'FN:Mallory "M"\\, Jr.\\; \\\\ boss\\nline2',
        'N:O\'Brien\\; "x";=HYPERLINK("http://x");;;',
        "EMAIL;TYPE=work:-2+3@example",
        "ORG:@SUM(A1);Ops\\,\\nNight",
        "TITLE:Bell",
        "TEL;VALUE=uri;TYPE=work,voice:tel:+31201234567",
        "TEL;VALUE=text;TYPE=work,voice:=1+1",
        "X-ENTRA-REPLICATOR-PHONE-PROBLEM;TYPE=work,voice:=1+1: not a phone number",
        "END:VCARD",
        "",
      ].join("\r\n"),
    );
  });

  it.each([
    ["a\\b", "a\\\\b"],
    ["a,b;c", "a\\,b\\;c"],
    ["one\r\ntwo\nthree\rfour", "one\\ntwo\\nthree\\nfour"],
    ["tab\tkept", "tab\tkept"],
    ["\u001b[31mred", "[31mred"],
  ])("text(%j) → %j", (value, escaped) => {
    expect(text(value)).toBe(escaped);
  });

  it("folds at 75 octets without splitting a UTF-8 character", async () => {
    const ascii = `FN:${"a".repeat(100)}`;
    expect(fold(ascii)).toBe(`FN:${"a".repeat(72)}\r\n ${"a".repeat(28)}`);
    expect(fold(`FN:${"a".repeat(72)}`)).toBe(`FN:${"a".repeat(72)}`);

    const wide = `FN:${"é".repeat(80)}`; // 2 octets each
    const folded = fold(wide);
    const lines = folded.split("\r\n");
    expect(lines.map((line) => Buffer.byteLength(line, "utf8"))).toEqual([75, 75, 15]);
    expect(lines.map((line, i) => (i === 0 ? line : line.slice(1))).join("")).toBe(wide);

    const emoji = fold(`FN:a${"🚀".repeat(30)}`); // 4 octets each: the first line ends at 72, not mid-character
    expect(emoji.split("\r\n").map((line) => Buffer.byteLength(line, "utf8"))).toEqual([72, 53]);
    expect(emoji).not.toContain("\ufffd");
  });
});
