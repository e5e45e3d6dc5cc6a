import { ExitCode, ReplicatorError } from "../errors";
import { type SettingsInput, type SettingsLayer, SettingsResolver } from "./settings";
import { environmentLayer, flagsLayer, parseConfigFile } from "./sources";
import { parseStackOutputs } from "./stackOutputs";
import { thrownError } from "../testing/thrownError";

/** Where the client secret comes from: given, or the Key Vault mirror; and whose AZURE_* variables are whose. */

const TENANT = "11111111-2222-3333-4444-555555555555";
const CLIENT = "66666666-7777-8888-9999-aaaaaaaaaaaa";
const READER_TENANT = "99999999-8888-7777-6666-555555555555";
const READER = "12345678-1234-4234-8234-123456789abc";
const VAULT = "https://kv-contoso.vault.azure.net";
const VAULT_LOCATION = { vaultUrl: VAULT, secretName: "entra-replicator-client-secret" };

function stackLayer(outputs: unknown): SettingsLayer {
  return {
    values: parseStackOutputs(JSON.stringify(outputs), "outputs.json"),
    describe: (f) => `${f} in outputs`,
  };
}

function credentials(layers: SettingsLayer[]) {
  return new SettingsResolver(layers).credentials();
}

const errorOf = (action: () => unknown) => thrownError(action, ReplicatorError);

const readerEnv = {
  AZURE_TENANT_ID: READER_TENANT,
  AZURE_CLIENT_ID: READER,
  AZURE_CLIENT_SECRET: "reader-secret-value",
};

describe("client secret source", () => {
  it("flags name the vault; AZURE_* are the vault reader's and never the replicator's", () => {
    const flags: SettingsInput = {
      tenantId: TENANT,
      clientId: CLIENT,
      keyVaultUrl: `${VAULT}/`,
      keyVaultSecretName: "entra-replicator-client-secret",
    };
    expect(credentials([flagsLayer(flags), environmentLayer(readerEnv)])).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: VAULT_LOCATION,
    });
  });

  it("the environment alone: ENTRA_REPLICATOR_* for the replicator, AZURE_* for the reader", () => {
    const env = {
      ...readerEnv,
      ENTRA_REPLICATOR_TENANT_ID: TENANT,
      ENTRA_REPLICATOR_CLIENT_ID: CLIENT,
      ENTRA_REPLICATOR_KEY_VAULT_URL: VAULT,
      ENTRA_REPLICATOR_KEY_VAULT_SECRET: "entra-replicator-client-secret",
    };
    expect(credentials([environmentLayer(env)])).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: VAULT_LOCATION,
    });
  });

  it("with Key Vault, a replicator id only in AZURE_CLIENT_ID is missing, and the error says why", () => {
    const env = { ...readerEnv, ENTRA_REPLICATOR_TENANT_ID: TENANT, ENTRA_REPLICATOR_KEY_VAULT_URL: VAULT };
    const error = errorOf(() =>
      credentials([flagsLayer({ keyVaultSecretName: "s1" }), environmentLayer(env)]),
    );
    expect(error.code).toBe("setting-missing");
    expect(error.field).toBe("clientId");
    expect(error.message).toBe(
      "the Application (client) ID of the replicator app (clientId) is not set. AZURE_CLIENT_ID does not count: " +
        "with the secret in Key Vault it belongs to the identity that reads the vault.",
    );
    expect(error.fix).toContain("--client-id or ENTRA_REPLICATOR_CLIENT_ID");
    expect(error.exitCode).toBe(ExitCode.Usage);
  });

  it("stack outputs without --show-secrets: ids from the outputs, secret from the mirror", () => {
    const outputs = {
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: "[secret]",
      roger365: "[secret]",
      keyVault: { vaultUri: `${VAULT}/`, secretName: "entra-replicator-client-secret", secretId: "x" },
    };
    expect(credentials([environmentLayer(readerEnv), stackLayer(outputs)])).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: VAULT_LOCATION,
    });
  });

  it("stack outputs with the secret shown: the secret itself, the mirror ignored", () => {
    const outputs = {
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: "shown-secret",
      keyVault: VAULT_LOCATION,
    };
    expect(credentials([stackLayer(outputs)]).clientSecret).toBe("shown-secret");
  });

  it("a secret in a higher layer wins over a vault in a lower one, and the other way round", () => {
    const outputs = { tenantId: TENANT, clientId: CLIENT, keyVault: { vaultUri: VAULT, secretName: "n" } };
    expect(credentials([flagsLayer({ clientSecret: "flag-secret" }), stackLayer(outputs)]).clientSecret).toBe(
      "flag-secret",
    );
    expect(
      credentials([
        flagsLayer({ keyVaultUrl: VAULT, keyVaultSecretName: "n", tenantId: TENANT, clientId: CLIENT }),
      ]).clientSecret,
    ).toEqual({ vaultUrl: VAULT, secretName: "n" });
  });

  it("a config file naming both the secret and the vault is refused", () => {
    const file = parseConfigFile(
      JSON.stringify({ tenantId: TENANT, clientId: CLIENT, clientSecret: "x-secret", keyVaultUrl: VAULT }),
      "replicator.json",
    );
    const error = errorOf(() => credentials([file]));
    expect(error.code).toBe("setting-conflict");
    expect(error.message).toBe(
      "Both clientSecret in replicator.json and keyVaultUrl in replicator.json are set: the client secret would come from two places.",
    );
    expect(JSON.stringify(error.toJSON())).not.toContain("x-secret");
  });

  it.each([
    [{ keyVaultUrl: VAULT }, "keyVaultSecretName", "setting-missing"],
    [{ keyVaultSecretName: "n" }, "keyVaultUrl", "setting-missing"],
    [{ keyVaultUrl: "http://kv.vault.azure.net", keyVaultSecretName: "n" }, "keyVaultUrl", "setting-invalid"],
    [{ keyVaultUrl: `${VAULT}/secrets/n`, keyVaultSecretName: "n" }, "keyVaultUrl", "setting-invalid"],
    [{ keyVaultUrl: VAULT, keyVaultSecretName: "my_secret" }, "keyVaultSecretName", "setting-invalid"],
  ] as const)("%j → %s %s", (flags, field, code) => {
    const error = errorOf(() => credentials([flagsLayer({ tenantId: TENANT, clientId: CLIENT, ...flags })]));
    expect([error.field, error.code, error.exitCode]).toEqual([field, code, ExitCode.Usage]);
    expect(error.fix).not.toBe("");
  });

  it("no secret anywhere: the fix mentions Key Vault too", () => {
    const error = errorOf(() => credentials([flagsLayer({ tenantId: TENANT, clientId: CLIENT })]));
    expect(error.field).toBe("clientSecret");
    expect(error.fix).toContain("--key-vault-url and --key-vault-secret-name");
  });
});
