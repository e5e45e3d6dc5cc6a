import { CredentialUnavailableError } from "@azure/identity";
import { startStandIn, type StandIn } from "../../standin";
import { credentialFor } from "../../standin/clients";
import { ExitCode, ReplicatorError } from "../errors";
import { scrubSecrets } from "../scrubSecrets";
import { readVaultSecret } from "./readVaultSecret";
import { createVaultClient } from "./vaultClient";

const TENANT = "7e6d5c4b-3a29-4817-8f6e-5d4c3b2a1908";
const APP = "0a9b8c7d-6e5f-4a3b-8c1d-2e3f4a5b6c7d";
const VALUE = "Vr8~valueReadFromTheVault.Never_0000000";

describe("readVaultSecret", () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startStandIn({ tenantId: TENANT, clientId: APP, clientSecret: "unused-secret" });
  });
  afterAll(() => standIn.close());

  it("without any identity to read with: key-vault-reader-unavailable, naming how to provide one", async () => {
    const nobody = {
      getToken: () => Promise.reject(new CredentialUnavailableError("EnvironmentCredential is unavailable.")),
    };
    const vault = createVaultClient(standIn.url, { authorityHost: standIn.url, readerCredential: nobody });
    const failure = await readVaultSecret(vault, { vaultUrl: standIn.url, secretName: "any" }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ReplicatorError);
    expect((failure as ReplicatorError).toJSON()).toEqual({
      code: "key-vault-reader-unavailable",
      field: "keyVaultUrl",
      message: `No identity is available to read the client secret from ${standIn.url}: EnvironmentCredential is unavailable.`,
      fix:
        "Run where a managed identity or workload identity is assigned, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and " +
        "AZURE_CLIENT_SECRET of a vault reader app (not the replicator app), or sign in with `az login`.",
      exitCode: ExitCode.Authentication,
    });
  });

  it("remembers the value it read, so every later scrub removes it", async () => {
    standIn.keyVault.setSecret("app", VALUE, { tags: { clientId: APP.toUpperCase() } });
    const vault = createVaultClient(standIn.url, {
      authorityHost: standIn.url,
      readerCredential: credentialFor(standIn, "unused-secret"),
    });
    const secret = await readVaultSecret(vault, { vaultUrl: standIn.url, secretName: "app" });
    expect([secret.value, secret.clientIdTag, secret.version.length]).toEqual([VALUE, APP, 32]);
    expect(scrubSecrets(`the value was ${VALUE}.`)).toBe("the value was [REDACTED].");
  });
});
