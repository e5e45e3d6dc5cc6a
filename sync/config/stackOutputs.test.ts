import { ReplicatorError } from "../errors";
import { roger365Form } from "../contract";
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

  it("falls back to the ROGER365 form object, with the labels the infra program writes", () => {
    const roger365 = roger365Form({
      name: "ROGER365.io Azure Entra replicator",
      tenantId: "t",
      clientId: "c",
      clientSecret: "s",
      countryCode: "31",
    });
    expect(parseStackOutputs(JSON.stringify({ roger365 }), "outputs.json")).toEqual({
      tenantId: "t",
      clientId: "c",
      clientSecret: "s",
      defaultCountry: "31",
    });
  });

  it("never quotes the input when it is not JSON: it holds the secret", () => {
    const text = '{"clientSecret": "Qx7~not-json-secret", oops}';
    expect(() => parseStackOutputs(text, "outputs.json")).toThrow(
      new ReplicatorError({
        code: "stack-outputs-invalid",
        message: "The stack outputs from outputs.json are not JSON.",
        fix: "",
        exitCode: 2,
      }),
    );
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
