import {
  adminConsentUrl,
  AZUREAD_ENVIRONMENTS,
  cloudOfAzureadEnvironment,
  CLOUDS,
  COMMON_COUNTRY_CODE_MISTAKES,
  isGuid,
  ISO_3166_ALPHA2,
  NIL_GUID,
  roger365Form,
  ROGER365_FORM_LABELS,
  STACK_OUTPUT_NAMES,
} from ".";

describe("adminConsentUrl", () => {
  it("is the same URL from a bare sign-in host (infra) and from an authority URL (sync)", () => {
    const expected =
      "https://login.microsoftonline.us/aaaaaaaa-0000-4000-8000-000000000001/adminconsent?client_id=bbbbbbbb-0000-4000-8000-000000000002";
    const tenant = "aaaaaaaa-0000-4000-8000-000000000001";
    const client = "bbbbbbbb-0000-4000-8000-000000000002";
    expect(adminConsentUrl(tenant, client, "login.microsoftonline.us")).toBe(expected);
    expect(adminConsentUrl(tenant, client, "https://login.microsoftonline.us/")).toBe(expected);
  });

  it("defaults to the public cloud and percent-encodes what it is given", () => {
    expect(adminConsentUrl("contoso.onmicrosoft.com", "a b&c")).toBe(
      "https://login.microsoftonline.com/contoso.onmicrosoft.com/adminconsent?client_id=a%20b%26c",
    );
  });

  it("keeps the port of a stand-in authority", () => {
    expect(adminConsentUrl("t", "c", "https://127.0.0.1:8443")).toBe(
      "https://127.0.0.1:8443/t/adminconsent?client_id=c",
    );
  });
});

describe("clouds", () => {
  it.each([
    ["global", "public"],
    ["Public", "public"],
    ["usgovernmentl4", "usgov"],
    ["dod", "usgov"],
    ["china", "china"],
    ["germany", undefined],
  ])("azuread:environment %p deploys to the %p cloud", (environment, cloud) => {
    expect(cloudOfAzureadEnvironment(environment)).toBe(cloud);
  });

  it("keeps the sign-in host and the authority of each cloud in agreement", () => {
    for (const cloud of Object.values(CLOUDS)) {
      expect(cloud.authorityHost).toBe(`https://${cloud.loginHost}`);
    }
    expect(AZUREAD_ENVIRONMENTS).toHaveLength(7);
  });
});

describe("GUID", () => {
  it("accepts either case and refuses anything else", () => {
    expect(isGuid("3F2504E0-4F89-11D3-9A0C-0305E82C3301")).toBe(true);
    expect(isGuid(NIL_GUID)).toBe(true);
    expect(isGuid("3f2504e0-4f89-11d3-9a0c-0305e82c330")).toBe(false);
    expect(isGuid(" 3f2504e0-4f89-11d3-9a0c-0305e82c3301")).toBe(false);
  });
});

describe("countries", () => {
  it("holds the 249 assigned alpha-2 codes, and no mistake maps to a non-code", () => {
    expect(ISO_3166_ALPHA2.size).toBe(249);
    for (const [mistake, meant] of Object.entries(COMMON_COUNTRY_CODE_MISTAKES)) {
      expect(ISO_3166_ALPHA2.has(mistake)).toBe(false);
      expect(ISO_3166_ALPHA2.has(meant)).toBe(true);
    }
  });
});

describe("names", () => {
  it("labels the ROGER365 form in the form's order and names seventeen stack outputs", () => {
    const form = roger365Form({
      name: "n",
      tenantId: "t",
      clientId: "c",
      clientSecret: "s",
      countryCode: "DE",
    });
    expect(Object.keys(form)).toEqual([...ROGER365_FORM_LABELS]);
    expect(new Set(STACK_OUTPUT_NAMES).size).toBe(17);
  });
});
