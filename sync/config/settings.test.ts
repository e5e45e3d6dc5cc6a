import { ExitCode, ReplicatorError } from "../errors";
import { type SettingsInput, SettingsResolver } from "./settings";
import { environmentLayer, flagsLayer, parseConfigFile } from "./sources";
import { thrownError } from "../testing/thrownError";

const TENANT = "11111111-2222-3333-4444-555555555555";
const CLIENT = "66666666-7777-8888-9999-aaaaaaaaaaaa";

function resolver(flags: SettingsInput, env: NodeJS.ProcessEnv = {}, config?: string): SettingsResolver {
  return new SettingsResolver([
    flagsLayer(flags),
    ...(config === undefined ? [] : [parseConfigFile(config, "replicator.json")]),
    environmentLayer(env),
  ]);
}

const errorOf = (action: () => unknown) => thrownError(action, ReplicatorError);

describe("SettingsResolver precedence", () => {
  it("flags win over the config file, which wins over the environment", () => {
    const env = {
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CLIENT,
      AZURE_CLIENT_SECRET: "env-secret",
      ENTRA_REPLICATOR_COUNTRY: "DE",
    };
    const settings = resolver(
      { defaultCountry: "NL" },
      env,
      JSON.stringify({ defaultCountry: "GB", clientSecret: "file-secret" }),
    ).sync();
    expect(settings.defaultCountry).toBe("NL");
    expect(settings.clientSecret).toBe("file-secret");
    expect(settings.tenantId).toBe(TENANT);
  });

  it("fills in the public cloud and defaults", () => {
    const settings = resolver({ tenantId: TENANT, clientId: CLIENT, clientSecret: "s" }).sync();
    expect(settings).toMatchObject({
      cloud: "public",
      authorityHost: "https://login.microsoftonline.com",
      graphEndpoint: "https://graph.microsoft.com",
      defaultCountry: null,
      scope: { includeGuests: false, includeDisabled: false },
      pageSize: null,
    });
    expect(settings.storePath).toMatch(/entra-replicator\.db$/);
  });

  it("a cloud preset is overridable endpoint by endpoint, from the environment", () => {
    const endpoints = resolver({ cloud: "usgov" }, { GRAPH_ENDPOINT: "https://127.0.0.1:8443/" }).endpoints();
    expect(endpoints).toEqual({
      cloud: "usgov",
      authorityHost: "https://login.microsoftonline.us",
      graphEndpoint: "https://127.0.0.1:8443",
    });
  });

  it("maps a calling code to its main region", () => {
    expect(resolver({ defaultCountry: "+44" }).store().defaultCountry).toBe("GB");
    expect(resolver({ defaultCountry: "nl" }).store().defaultCountry).toBe("NL");
  });
});

describe("SettingsResolver errors name the field as the user wrote it", () => {
  it.each([
    [{ tenantId: "contoso", clientId: CLIENT, clientSecret: "s" }, {}, "tenantId", "--tenant-id"],
    [
      { clientId: CLIENT, clientSecret: "s" },
      { AZURE_TENANT_ID: "not-a-guid" },
      "tenantId",
      "AZURE_TENANT_ID",
    ],
    [{ tenantId: TENANT, clientId: "x", clientSecret: "s" }, {}, "clientId", "--client-id"],
    [
      { tenantId: TENANT, clientId: CLIENT, clientSecret: "s", defaultCountry: "Narnia" },
      {},
      "defaultCountry",
      "--country",
    ],
    [
      { tenantId: TENANT, clientId: CLIENT, clientSecret: "s", graphEndpoint: "http://graph" },
      {},
      "graphEndpoint",
      "--graph-endpoint",
    ],
    [{ tenantId: TENANT, clientId: CLIENT, clientSecret: "s", cloud: "mars" }, {}, "cloud", "--cloud"],
    [
      { tenantId: TENANT, clientId: CLIENT, clientSecret: "s", maxDeletePercent: 150 },
      {},
      "maxDeletePercent",
      "--max-delete-percent",
    ],
  ] as const)("%j %j → %s", (flags, env, field, label) => {
    const error = errorOf(() => resolver(flags, env).sync());
    expect(error.field).toBe(field);
    expect(error.message).toContain(label);
    expect(error.exitCode).toBe(ExitCode.Usage);
    expect(error.fix).not.toBe("");
  });

  it("a missing secret names every place it could come from", () => {
    const error = errorOf(() => resolver({ tenantId: TENANT, clientId: CLIENT }).sync());
    expect(error.code).toBe("setting-missing");
    expect(error.field).toBe("clientSecret");
    expect(error.fix).toContain("--client-secret or AZURE_CLIENT_SECRET");
    expect(error.fix).toContain("--stack-outputs");
  });

  it("reports every missing credential at once, each with its fix (one run, not three)", () => {
    const error = errorOf(() => resolver({}, {}).sync());
    expect(error.code).toBe("setting-missing");
    expect(error.field).toBe("tenantId, clientId, clientSecret");
    expect(error.message).toMatch(/^3 required settings are not set: /);
    for (const label of [
      "--tenant-id or AZURE_TENANT_ID",
      "--client-id or AZURE_CLIENT_ID",
      "--client-secret or AZURE_CLIENT_SECRET",
    ]) {
      expect(error.fix).toContain(label);
    }
    expect(error.exitCode).toBe(ExitCode.Usage);
  });

  it("a single missing credential stays a single error", () => {
    const error = errorOf(() => resolver({ clientId: CLIENT, clientSecret: "s" }).sync());
    expect(error.field).toBe("tenantId");
    expect(error.message).not.toMatch(/required settings/);
  });

  it("never echoes the secret", () => {
    const error = errorOf(() =>
      resolver({ tenantId: "bad", clientId: CLIENT, clientSecret: "Sup3rS3cret~value" }).sync(),
    );
    expect(JSON.stringify(error.toJSON())).not.toContain("Sup3rS3cret~value");
  });
});

describe("config file", () => {
  it("refuses unknown keys, naming them and the known ones", () => {
    const error = errorOf(() => parseConfigFile(JSON.stringify({ tenantID: TENANT }), "replicator.json"));
    expect(error.field).toBe("config.tenantID");
    expect(error.fix).toContain("tenantId");
  });

  it("refuses a wrongly typed value, naming its path", () => {
    const error = errorOf(() => parseConfigFile(JSON.stringify({ includeGuests: "yes" }), "replicator.json"));
    expect(error.field).toBe("config.includeGuests");
    expect(error.exitCode).toBe(ExitCode.Usage);
  });

  it("refuses JSON syntax errors", () => {
    expect(errorOf(() => parseConfigFile("{", "replicator.json")).code).toBe("config-invalid");
  });
});

describe("the fixed interface points: environment variables, flags and cloud presets", () => {
  const FROM_ENVIRONMENT = {
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: CLIENT,
    AZURE_CLIENT_SECRET: "env-secret",
    AZURE_AUTHORITY_HOST: "https://login.env.example",
    GRAPH_ENDPOINT: "https://graph.env.example",
    ENTRA_REPLICATOR_DB: "/data/env.db",
    ENTRA_REPLICATOR_COUNTRY: "BE",
  };

  const interfacePoints = (settings: ReturnType<SettingsResolver["sync"]>) => ({
    tenantId: settings.tenantId,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    authorityHost: settings.authorityHost,
    graphEndpoint: settings.graphEndpoint,
    storePath: settings.storePath,
    defaultCountry: settings.defaultCountry,
  });

  it("honours each variable under exactly the documented name", () => {
    expect(interfacePoints(resolver({}, FROM_ENVIRONMENT).sync())).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: "env-secret",
      authorityHost: "https://login.env.example",
      graphEndpoint: "https://graph.env.example",
      storePath: "/data/env.db",
      defaultCountry: "BE",
    });
  });

  it("lets the flag of each setting win over its variable", () => {
    const otherTenant = "aaaaaaaa-2222-3333-4444-555555555555";
    const otherClient = "bbbbbbbb-7777-8888-9999-aaaaaaaaaaaa";
    const flags = {
      tenantId: otherTenant,
      clientId: otherClient,
      clientSecret: "flag-secret",
      authorityHost: "https://login.flag.example",
      graphEndpoint: "https://graph.flag.example",
      storePath: "/data/flag.db",
      defaultCountry: "AT",
    };
    expect(interfacePoints(resolver(flags, FROM_ENVIRONMENT).sync())).toEqual(flags);
  });

  it.each([
    ["public", "https://login.microsoftonline.com", "https://graph.microsoft.com"],
    ["usgov", "https://login.microsoftonline.us", "https://graph.microsoft.us"],
    ["china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"],
  ] as const)("--cloud %s signs in at %s and reads %s", (cloud, authorityHost, graphEndpoint) => {
    expect(resolver({ cloud }).endpoints()).toEqual({ cloud, authorityHost, graphEndpoint });
  });
});

describe("the store's directory (issue 10: sync --db into a missing directory was silently created)", () => {
  it("a sync refuses a store path whose directory does not exist, naming the flag or variable", () => {
    const credentials = { tenantId: TENANT, clientId: CLIENT, clientSecret: "s" };
    const flag = errorOf(() =>
      resolver({ ...credentials, storePath: "/nonexistent-dir/sub/x.db" }).syncToWrite(),
    );
    expect(flag).toMatchObject({ code: "setting-invalid", field: "storePath", exitCode: ExitCode.Usage });
    expect(flag.message).toBe("--db: the store's directory /nonexistent-dir/sub does not exist.");
    expect(flag.fix).toContain("mkdir -p /nonexistent-dir/sub");
    const env = errorOf(() =>
      resolver(credentials, { ENTRA_REPLICATOR_DB: "/nonexistent-dir/x.db" }).syncToWrite(),
    );
    expect(env.message).toMatch(/^ENTRA_REPLICATOR_DB: /);
  });

  it("accepts a new file in an existing directory, and leaves read-only commands to say the store is missing", () => {
    const credentials = { tenantId: TENANT, clientId: CLIENT, clientSecret: "s" };
    expect(resolver({ ...credentials, storePath: "/tmp/new-store.db" }).sync().storePath).toBe(
      "/tmp/new-store.db",
    );
    expect(resolver({ storePath: "/nonexistent-dir/x.db" }).store().storePath).toBe("/nonexistent-dir/x.db");
  });
});
