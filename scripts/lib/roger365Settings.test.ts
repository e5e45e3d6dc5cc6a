import { maskSecret, renderSettingsTable, roger365SettingsFrom } from "./roger365Settings";
import { StackOutputsError } from "./stackOutputs";
import { thrownError } from "../../sync/testing/thrownError";

const form = {
  Name: "Contoso",
  Type: "MicrosoftEntra",
  "Tenant Id": "t",
  "Client id": "c",
  "Client Secret": "abc8Q~0123456789012345678901234567890123",
  "Contact URL": "",
  "Country Code": "GB",
};

const errorOf = (action: () => unknown) => thrownError(action, StackOutputsError);

describe("roger365SettingsFrom", () => {
  it("reads the form and the optional rotation dates", () => {
    expect(
      roger365SettingsFrom({ roger365: form, nextRotationAt: "2027-01-01T00:00:00Z" }, "f.json"),
    ).toEqual({
      form,
      nextRotationAt: "2027-01-01T00:00:00Z",
    });
  });

  it("says --show-secrets is missing when Pulumi masked the whole roger365 object", () => {
    expect(errorOf(() => roger365SettingsFrom({ roger365: "[secret]" }, "stdin")).message).toBe(
      'stack output roger365 in stdin is "[secret]": the outputs were printed without --show-secrets. Fix: run `pulumi stack output --json --show-secrets`.',
    );
  });

  it("names a missing form field", () => {
    const { "Country Code": _country, ...partial } = form;
    expect(errorOf(() => roger365SettingsFrom({ roger365: partial }, "f.json")).message).toBe(
      'stack output roger365["Country Code"] is missing from f.json. Fix: run `pulumi up` with this project\'s program for the stack, then `pulumi stack output --json --show-secrets`.',
    );
  });

  it("refuses a field that is not text", () => {
    expect(
      errorOf(() => roger365SettingsFrom({ roger365: { ...form, "Tenant Id": 42 } }, "f.json")).message,
    ).toBe(
      'stack output roger365["Tenant Id"] in f.json is a number, not text. Fix: pass the outputs of this project\'s stack (`pulumi stack output --json --show-secrets`).',
    );
  });
});

describe("maskSecret", () => {
  it.each([
    ["abc8Q~0123456789012345678901234567890123", "abc•••"],
    ["short-value", "•••"],
    ["", "•••"],
  ])("masks %j as %j", (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });
});

describe("renderSettingsTable", () => {
  it("omits the rotation advice when the dates are not in the outputs", () => {
    expect(renderSettingsTable({ form }, true)).toBe(
      [
        "ROGER365.io → CRM replicator → new connection:",
        "",
        "  Name            Contoso",
        "  Type            MicrosoftEntra",
        "  Tenant Id       t",
        "  Client id       c",
        "  Client Secret   abc8Q~0123456789012345678901234567890123",
        "  Contact URL     (leave blank)",
        "  Country Code    GB",
        "",
        "",
      ].join("\n"),
    );
  });
});
