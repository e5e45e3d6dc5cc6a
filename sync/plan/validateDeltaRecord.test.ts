import { MAX_FIELD_LENGTH, validateDeltaRecord } from "./validateDeltaRecord";
import { ALICE_ID } from "./testUsers";

describe("validateDeltaRecord", () => {
  it("keeps only selected properties, absent ones stay absent", () => {
    expect(
      validateDeltaRecord({
        id: ALICE_ID,
        displayName: "Alice",
        mobilePhone: null,
        businessPhones: ["+31 20 123 4567"],
        accountEnabled: false,
        "@odata.type": "#microsoft.graph.user",
        extra: 1,
      }),
    ).toEqual({
      ok: {
        id: ALICE_ID,
        displayName: "Alice",
        mobilePhone: null,
        businessPhones: ["+31 20 123 4567"],
        accountEnabled: false,
      },
    });
  });

  it.each([
    [
      { id: ALICE_ID, "@removed": { reason: "deleted" } },
      { id: ALICE_ID, "@removed": { reason: "deleted" } },
    ],
    [
      { id: ALICE_ID, "@removed": { reason: "changed" }, displayName: 5 },
      { id: ALICE_ID, "@removed": { reason: "changed" } },
    ],
    [
      { id: ALICE_ID, "@removed": {} },
      { id: ALICE_ID, "@removed": { reason: "unknown" } },
    ],
    [
      { id: ALICE_ID, businessPhones: null },
      { id: ALICE_ID, businessPhones: null },
    ],
    [
      { id: ALICE_ID, accountEnabled: null },
      { id: ALICE_ID, accountEnabled: null },
    ],
    [{ id: "user-1" }, { id: "user-1" }],
  ])("accepts %j", (record, expected) => {
    expect(validateDeltaRecord(record)).toEqual({ ok: expected });
  });

  const long = "x".repeat(MAX_FIELD_LENGTH + 1);
  it.each<[unknown, string, string]>([
    [null, "(unknown)", "record is not a JSON object"],
    ["text", "(unknown)", "record is not a JSON object"],
    [[ALICE_ID], "(unknown)", "record is not a JSON object"],
    [{ displayName: "x" }, "(unknown)", "id is missing or not a string"],
    [{ id: 42 }, "(unknown)", "id is missing or not a string"],
    [{ id: "" }, "(invalid id)", "id is not an Entra object id (a GUID)"],
    [{ id: "../../etc/passwd" }, "(invalid id)", "id is not an Entra object id (a GUID)"],
    [{ id: "a".repeat(65) }, "(invalid id)", "id is not an Entra object id (a GUID)"],
    [{ id: ALICE_ID, "@removed": "yes" }, ALICE_ID, "@removed is not an object"],
    [
      { id: ALICE_ID, businessPhones: "+31 20 123 4567" },
      ALICE_ID,
      "businessPhones must be an array of strings, got a string",
    ],
    [
      { id: ALICE_ID, businessPhones: [31201234567] },
      ALICE_ID,
      "businessPhones[0] must be a string or null, got a number",
    ],
    [
      { id: ALICE_ID, businessPhones: ["ok", null] },
      ALICE_ID,
      "businessPhones[1] must be a string or null, got null",
    ],
    [
      { id: ALICE_ID, businessPhones: Array(21).fill("1") },
      ALICE_ID,
      "businessPhones has 21 entries (at most 20)",
    ],
    [
      { id: ALICE_ID, accountEnabled: "true" },
      ALICE_ID,
      "accountEnabled must be true, false or null, got a string",
    ],
    [
      { id: ALICE_ID, displayName: { first: "A" } },
      ALICE_ID,
      "displayName must be a string or null, got an object",
    ],
    [{ id: ALICE_ID, mobilePhone: ["06"] }, ALICE_ID, "mobilePhone must be a string or null, got an array"],
    [
      { id: ALICE_ID, jobTitle: long },
      ALICE_ID,
      `jobTitle is ${MAX_FIELD_LENGTH + 1} characters long (at most 1024)`,
    ],
    [
      { id: ALICE_ID, displayName: "Al\ud800ice" },
      ALICE_ID,
      "displayName contains broken unicode (a lone surrogate)",
    ],
    [{ id: ALICE_ID, surname: "\udc00" }, ALICE_ID, "surname contains broken unicode (a lone surrogate)"],
    [{ id: ALICE_ID, mail: "a\u0000@b" }, ALICE_ID, "mail contains a NUL character"],
  ])("escrows %j", (record, id, reason) => {
    const result = validateDeltaRecord(record);
    expect("escrow" in result && { id: result.escrow.id, reason: result.escrow.reason }).toEqual({
      id,
      reason,
    });
  });

  it("accepts well-formed surrogate pairs (emoji) and keeps them", () => {
    expect(validateDeltaRecord({ id: ALICE_ID, displayName: "Alice 🚀" })).toEqual({
      ok: { id: ALICE_ID, displayName: "Alice 🚀" },
    });
  });

  it("never throws, even for a record whose getters throw", () => {
    const hostile = {
      id: ALICE_ID,
      get displayName(): string {
        throw new Error("boom");
      },
    };
    expect(validateDeltaRecord(hostile)).toEqual({
      escrow: { id: "(unknown)", reason: "record could not be read (boom)", excerpt: "(not serialisable)" },
    });
  });

  it("keeps the excerpt short; JSON escapes lone surrogates and a cut emoji becomes U+FFFD", () => {
    const result = validateDeltaRecord({ id: ALICE_ID, displayName: "\ud800", department: "y".repeat(2000) });
    const json = `{"id":"${ALICE_ID}","displayName":"\\ud800","department":"${"y".repeat(2000)}"}`;
    expect(result).toEqual({
      escrow: {
        id: ALICE_ID,
        reason: "displayName contains broken unicode (a lone surrogate)",
        excerpt: `${json.slice(0, 500)}…`,
      },
    });

    const prefix = `{"id":"${ALICE_ID}","displayName":"`;
    const padded = "a".repeat(499 - prefix.length);
    const cut = validateDeltaRecord({ id: ALICE_ID, displayName: `${padded}🚀`, mail: 1 });
    expect(cut).toEqual({
      escrow: {
        id: ALICE_ID,
        reason: "mail must be a string or null, got a number",
        excerpt: `${prefix}${padded}\ufffd…`,
      },
    });
  });
});
