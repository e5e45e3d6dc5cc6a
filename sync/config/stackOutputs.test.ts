import { ReplicatorError } from "../errors";
import { parseStackOutputs } from "./stackOutputs";

describe("parseStackOutputs", () => {
  it("reads the infra outputs", () => {
    const text = JSON.stringify({
      tenantId: "t",
      clientId: "c",
      clientSecret: "s",
      countryCode: "NL",
      other: 1,
    });
    expect(parseStackOutputs(text, "outputs.json")).toEqual({
      tenantId: "t",
      clientId: "c",
      clientSecret: "s",
      defaultCountry: "NL",
    });
  });

  it("falls back to the ROGER365 settings table", () => {
    const text = JSON.stringify({ roger365: { "Country Code": "31", "Tenant ID": "t" }, clientId: "c" });
    expect(parseStackOutputs(text, "outputs.json")).toEqual({
      tenantId: "t",
      clientId: "c",
      defaultCountry: "31",
    });
  });

  it("a masked secret says to add --show-secrets", () => {
    const text = JSON.stringify({ tenantId: "t", clientId: "c", clientSecret: "[secret]" });
    expect(() => parseStackOutputs(text, "stdin")).toThrow(ReplicatorError);
    try {
      parseStackOutputs(text, "stdin");
    } catch (error) {
      expect((error as ReplicatorError).field).toBe("stackOutputs.clientSecret");
      expect((error as ReplicatorError).fix).toContain("--show-secrets");
    }
  });

  it.each([["not json"], ["[1,2]"], [JSON.stringify({ tenantId: { nested: true } })]])(
    "refuses %s",
    (text) => {
      expect(() => parseStackOutputs(text, "outputs.json")).toThrow(ReplicatorError);
    },
  );
});
