import { parseFleetConfig } from "./fleetConfig";

const CONTOSO = {
  name: "contoso",
  tenantId: "5F0D7C1E-2B3A-4C5D-8E9F-0A1B2C3D4E5F",
  clientId: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
  clientSecretEnv: "CONTOSO_SECRET",
  country: "NL",
};
const FABRIKAM = { ...CONTOSO, name: "fabrikam", tenantId: "11111111-2222-4333-8444-555555555555" };

function yamlOf(document: unknown): string {
  return JSON.stringify(document);
}

describe("parseFleetConfig", () => {
  it("reads the issue's YAML example: store, concurrency and a tenant with every optional field", () => {
    const config = parseFleetConfig(
      [
        "store: postgres://fleet@db.example/entra",
        "concurrency: 4",
        "tenants:",
        "  - name: contoso",
        "    tenantId: 5f0d7c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f",
        "    clientId: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
        "    clientSecretEnv: CONTOSO_SECRET",
        "    country: NL",
        "    authorityHost: https://login.microsoftonline.us",
        "    graphEndpoint: https://graph.microsoft.us",
        "  - name: fabrikam",
        "    tenantId: 11111111-2222-4333-8444-555555555555",
        "    clientId: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
        "    keyVault: { url: https://kv-fabrikam.vault.azure.net, secretName: replicator }",
        "    country: DE",
        "  - name: tailspin",
        "    tenantId: 22222222-2222-4333-8444-555555555555",
        "    clientId: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
        "    stackOutputs: stacks/tailspin.json",
      ].join("\n"),
      "/etc/fleet/fleet.yaml",
    );
    expect(config).toMatchObject({
      store: "postgres://fleet@db.example/entra",
      concurrency: 4,
      baseDir: "/etc/fleet",
    });
    expect(config.tenants.map((slot) => slot.ok)).toEqual([true, true, true]);
    expect(config.tenants[1]).toMatchObject({
      tenant: { keyVault: { url: "https://kv-fabrikam.vault.azure.net", secretName: "replicator" } },
    });
  });

  it("reads JSON too, and lower-cases tenant ids so `--tenant` and the store agree on them", () => {
    const config = parseFleetConfig(yamlOf({ tenants: [CONTOSO] }), "fleet.json");
    expect(config).toMatchObject({ store: null, concurrency: null });
    expect(config.tenants[0]).toMatchObject({
      ok: true,
      tenant: { tenantId: "5f0d7c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f" },
    });
  });

  it("keeps a broken tenant entry as that tenant's error, naming tenant, field and fix; the others stay valid", () => {
    const config = parseFleetConfig(
      yamlOf({
        tenants: [
          CONTOSO,
          { ...FABRIKAM, clientId: "not-a-guid" },
          {
            ...FABRIKAM,
            name: "x",
            tenantId: "22222222-2222-4333-8444-555555555555",
            clientSecretEnv: undefined,
          },
        ],
      }),
      "fleet.json",
    );
    expect(config.tenants.map((slot) => slot.ok)).toEqual([true, false, false]);
    const [, badGuid, noSecret] = config.tenants;
    expect(badGuid).toMatchObject({
      ok: false,
      tenantId: "11111111-2222-4333-8444-555555555555",
      error: {
        code: "fleet-tenant-invalid",
        field: "tenants[1].clientId",
        message:
          "tenant 'fabrikam' (tenants[1] in fleet.json): clientId is not a GUID like 00000000-0000-0000-0000-000000000000.",
        exitCode: 2,
      },
    });
    expect(noSecret).toMatchObject({
      ok: false,
      error: {
        field: "tenants[2].clientSecretEnv",
        message:
          "tenant 'x' (tenants[2] in fleet.json): clientSecretEnv is missing: the tenant has no source for its client secret.",
        fix: "Give exactly one of clientSecretEnv: VARIABLE, keyVault: { url, secretName } or stackOutputs: FILE.",
      },
    });
  });

  it("refuses two secret sources for one tenant", () => {
    const config = parseFleetConfig(
      yamlOf({ tenants: [{ ...CONTOSO, stackOutputs: "contoso.json" }] }),
      "fleet.json",
    );
    expect(config.tenants[0]).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining("clientSecretEnv + stackOutputs are both set") },
    });
  });

  it("refuses a secret written into the file without repeating it, and says where secrets go", () => {
    const secret = "Qx7~fleetS3cretValue.ThatMustNeverLeak_0123";
    const config = parseFleetConfig(
      yamlOf({ tenants: [{ ...CONTOSO, clientSecret: secret }] }),
      "fleet.json",
    );
    const slot = config.tenants[0];
    expect(slot).toMatchObject({ ok: false, error: { field: "tenants[0].clientSecret" } });
    if (slot?.ok !== false) throw new Error("expected an error");
    expect(slot.error.fix).toMatch(/A secret never goes into the fleet file/);
    expect(JSON.stringify(slot.error.toJSON())).not.toContain(secret);
  });

  it("names a missing required field as missing", () => {
    const { name: _name, ...nameless } = CONTOSO;
    const config = parseFleetConfig(yamlOf({ tenants: [nameless] }), "fleet.json");
    expect(config.tenants[0]).toMatchObject({
      ok: false,
      place: { name: null, index: 0 },
      error: { message: "tenants[0] in fleet.json: name is missing." },
    });
  });

  it.each([
    ["no tenants", { tenants: [] }, "'tenants' needs at least one tenant."],
    ["an unknown top-level key", { tenants: [CONTOSO], tenant: [] }, "'tenant' is not a fleet setting."],
    ["a concurrency of 0", { tenants: [CONTOSO], concurrency: 0 }, "'concurrency'"],
    [
      "two tenants with one name",
      { tenants: [CONTOSO, { ...FABRIKAM, name: "contoso" }] },
      "'tenants[1]' repeats 'contoso' of tenants[0].",
    ],
    [
      "one tenant twice under two names",
      { tenants: [CONTOSO, { ...CONTOSO, name: "contoso2" }] },
      "repeats '5f0d7c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f'",
    ],
  ])("stops the whole file for %s", (_what, document, message) => {
    expect(() => parseFleetConfig(yamlOf(document), "fleet.json")).toThrow(
      expect.objectContaining({
        code: "fleet-config-invalid",
        exitCode: 2,
        message: expect.stringContaining(message),
      }),
    );
  });

  it("reports a YAML syntax error by position, without quoting the file (it may hold anything)", () => {
    const secretLine = "  clientSecretEnv: Qx7~fleetS3cretValue.ThatMustNeverLeak_0123: oops";
    let thrown: unknown;
    try {
      parseFleetConfig(`tenants:\n  - name: a\n${secretLine}\n bad`, "fleet.yaml");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: "fleet-config-invalid",
      message: expect.stringMatching(/line \d+, column \d+/),
    });
    expect(String((thrown as Error).message)).not.toContain("ThatMustNeverLeak");
  });
});
