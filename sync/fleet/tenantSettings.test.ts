import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseFleetConfig, type FleetConfig } from "./fleetConfig";
import { displayStoreLocation, fleetStoreLocation } from "./storeLocation";
import { resolveTenantSettings } from "./tenantSettings";

const TENANT_ID = "5f0d7c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f";
const CLIENT_ID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
const SECRET = "Qx7~fleetS3cretValue.ThatMustNeverLeak_0123";

function configWith(tenant: Record<string, unknown>, dir = "/srv/fleet"): FleetConfig {
  return parseFleetConfig(
    JSON.stringify({ tenants: [{ name: "contoso", tenantId: TENANT_ID, clientId: CLIENT_ID, ...tenant }] }),
    path.join(dir, "fleet.json"),
  );
}

function resolve(config: FleetConfig, env: NodeJS.ProcessEnv) {
  const slot = config.tenants[0];
  if (slot?.ok !== true) throw new Error("the entry should be valid");
  return resolveTenantSettings(slot.tenant, slot.place, config, "/srv/fleet/directory.db", env);
}

function thrownBy(action: () => unknown): Record<string, unknown> {
  try {
    action();
  } catch (error) {
    return (error as { toJSON(): Record<string, unknown> }).toJSON();
  }
  throw new Error("expected an error");
}

describe("resolveTenantSettings", () => {
  it("maps a tenant onto the engine's SyncSettings, secret from its own variable, never from AZURE_*", () => {
    const config = configWith({
      clientSecretEnv: "CONTOSO_SECRET",
      country: "31",
      authorityHost: "https://login.microsoftonline.us",
      graphEndpoint: "https://graph.microsoft.us/",
      maxDeletes: 10,
    });
    const { settings, secrets } = resolve(config, {
      CONTOSO_SECRET: SECRET,
      AZURE_CLIENT_SECRET: "ambient-secret-of-someone-else",
      AZURE_AUTHORITY_HOST: "https://elsewhere.example",
    });
    expect(settings).toMatchObject({
      tenantId: TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      authorityHost: "https://login.microsoftonline.us",
      graphEndpoint: "https://graph.microsoft.us",
      storePath: "/srv/fleet/directory.db",
      defaultCountry: "NL",
      deletionGuard: { maxDeletes: 10, maxDeletePercent: 20, allowDeletes: false },
    });
    expect(secrets).toEqual([SECRET]);
  });

  it("reads the secret from the tenant's Key Vault when keyVault is given (the reader is DefaultAzureCredential's identity)", () => {
    const config = configWith({
      keyVault: { url: "https://kv-contoso.vault.azure.net/", secretName: "entra-replicator-client-secret" },
      country: "NL",
    });
    const { settings, secrets } = resolve(config, { AZURE_CLIENT_SECRET: "reader-secret-not-the-tenants" });
    expect(settings.clientSecret).toEqual({
      vaultUrl: "https://kv-contoso.vault.azure.net",
      secretName: "entra-replicator-client-secret",
    });
    expect(settings).toMatchObject({ tenantId: TENANT_ID, clientId: CLIENT_ID });
    expect(secrets).toEqual([]);
  });

  it("names the fleet file's key when the vault URL is wrong", () => {
    const config = configWith({ keyVault: { url: "kv-contoso", secretName: "s" }, country: "NL" });
    expect(thrownBy(() => resolve(config, {}))).toMatchObject({
      field: "keyVaultUrl",
      message:
        "keyVault.url of tenant 'contoso' (tenants[0] in /srv/fleet/fleet.json): 'kv-contoso' is not a vault URL.",
    });
  });

  it("names the tenant, the variable and the fix when the variable is not set", () => {
    const error = thrownBy(() =>
      resolve(configWith({ clientSecretEnv: "CONTOSO_SECRET", country: "NL" }), {}),
    );
    expect(error).toEqual({
      code: "fleet-secret-missing",
      field: "tenants[0].clientSecretEnv",
      message:
        "tenant 'contoso' (tenants[0] in /srv/fleet/fleet.json): clientSecretEnv names CONTOSO_SECRET, which is not set in the environment.",
      fix: "Set CONTOSO_SECRET to the client secret of the replicator app in this tenant (pulumi stack output clientSecret --show-secrets), or use keyVault / stackOutputs.",
      exitCode: 2,
    });
  });

  it("does not repeat a secret pasted where the variable's name belongs", () => {
    const error = thrownBy(() => resolve(configWith({ clientSecretEnv: SECRET, country: "NL" }), {}));
    expect(error).toMatchObject({ field: "tenants[0].clientSecretEnv" });
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it("names the fleet file's own key when a value is wrong", () => {
    const error = thrownBy(() =>
      resolve(configWith({ clientSecretEnv: "S", country: "Narnia" }), { S: SECRET }),
    );
    expect(error).toMatchObject({
      field: "defaultCountry",
      message:
        "country of tenant 'contoso' (tenants[0] in /srv/fleet/fleet.json): 'Narnia' is not a country code.",
    });
  });

  it("requires a country unless the stack outputs give one", () => {
    expect(thrownBy(() => resolve(configWith({ clientSecretEnv: "S" }), { S: SECRET }))).toMatchObject({
      field: "tenants[0].country",
    });
  });

  it("reads the secret and country from the stack outputs, relative to the fleet file, and refuses another tenant's stack", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-settings-"));
    try {
      fs.writeFileSync(
        path.join(dir, "contoso.json"),
        JSON.stringify({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: SECRET, countryCode: "DE" }),
      );
      fs.writeFileSync(
        path.join(dir, "other.json"),
        JSON.stringify({ tenantId: "11111111-2222-4333-8444-555555555555", clientSecret: SECRET }),
      );
      const { settings } = resolve(configWith({ stackOutputs: "contoso.json" }, dir), {});
      expect(settings).toMatchObject({ clientSecret: SECRET, defaultCountry: "DE" });
      const error = thrownBy(() => resolve(configWith({ stackOutputs: "other.json" }, dir), {}));
      expect(error).toMatchObject({
        field: "tenants[0].stackOutputs",
        message: expect.stringContaining("is the stack of tenant 11111111-2222-4333-8444-555555555555"),
      });
      expect(JSON.stringify(error)).not.toContain(SECRET);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("fleetStoreLocation", () => {
  it("prefers the file's store (relative to the file), then ENTRA_REPLICATOR_DB, then the default", () => {
    expect(
      fleetStoreLocation({ store: "dir.db", baseDir: "/srv/fleet" }, { ENTRA_REPLICATOR_DB: "/x.db" }),
    ).toBe("/srv/fleet/dir.db");
    expect(
      fleetStoreLocation({ store: null, baseDir: "/srv" }, { ENTRA_REPLICATOR_DB: "postgres://h/db" }),
    ).toBe("postgres://h/db");
    expect(fleetStoreLocation({ store: null, baseDir: "/srv" }, {})).toBe(
      path.resolve("entra-replicator.db"),
    );
  });

  it("shows a database URL without its password", () => {
    expect(displayStoreLocation("postgres://fleet:hunter22@db.example:5432/entra")).toBe(
      "postgres://fleet:*****@db.example:5432/entra",
    );
  });
});
