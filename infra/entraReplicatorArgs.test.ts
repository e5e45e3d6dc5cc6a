import { EntraReplicatorArgsError, validateEntraReplicatorArgs } from "./entraReplicatorArgs";

const valid = {
  countryCode: "DE",
  deployerObjectId: "aaaaaaaa-0000-4000-8000-000000000004",
  ownerObjectIds: ["eeeeeeee-0000-4000-8000-000000000001"],
  secretRotation: {
    anchor: new Date("2026-01-01T00:00:00Z"),
    rotationDays: 60,
    validityDays: 180,
    overlapDays: 30,
  },
  now: new Date("2026-11-27T10:00:00Z"),
};

describe("validateEntraReplicatorArgs: the component checks its own arguments", () => {
  it("accepts what the program passes", () => {
    expect(() => validateEntraReplicatorArgs("tenant", valid)).not.toThrow();
    expect(() =>
      validateEntraReplicatorArgs("tenant", {
        ...valid,
        keyVault: {
          resourceGroupName: "rg",
          vaultName: "kv-x",
          create: true,
          location: "westeurope",
          readerObjectIds: [],
        },
        adminConsentImportId:
          "/servicePrincipals/cccccccc-0000-4000-8000-000000000001/appRoleAssignedTo/41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE",
        loginHost: "login.microsoftonline.us",
      }),
    ).not.toThrow();
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      "a validity of exactly two rotations",
      { secretRotation: { ...valid.secretRotation, validityDays: 120 } },
      "args.secretRotation.validityDays is 120, less than 2 × rotationDays + 1 (121).",
    ],
    [
      "a clock before the anchor",
      { now: new Date("2025-12-31T23:59:59Z") },
      "args.now is before secretRotation.anchor.",
    ],
    ["an invalid clock", { now: new Date("not a date") }, "args.now is not a valid date."],
    [
      "a country code in lower case",
      { countryCode: "de" },
      "args.countryCode is not an upper-case ISO 3166-1 alpha-2 code of a country with its own numbering plan.",
    ],
    ["no deployer", { deployerObjectId: undefined }, "args.deployerObjectId is missing or not text."],
    [
      "a nil owner",
      { ownerObjectIds: ["00000000-0000-0000-0000-000000000000"] },
      "args.ownerObjectIds.0 is not an object id (a GUID).",
    ],
    [
      "a created vault without a region",
      { keyVault: { resourceGroupName: "rg", vaultName: "kv-x", create: true, readerObjectIds: [] } },
      "args.keyVault.location is missing, and a created vault needs a region.",
    ],
    [
      "a consent to adopt without consent",
      {
        grantAdminConsent: false,
        adminConsentImportId:
          "/servicePrincipals/cccccccc-0000-4000-8000-000000000001/appRoleAssignedTo/41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE",
      },
      "args.adminConsentImportId is set, but grantAdminConsent is false.",
    ],
  ])("refuses %s, naming the argument", (_label, change, message) => {
    expect(() => validateEntraReplicatorArgs("tenant", { ...valid, ...change })).toThrow(
      new EntraReplicatorArgsError(`EntraReplicatorApp "tenant": ${message}`),
    );
  });
});
