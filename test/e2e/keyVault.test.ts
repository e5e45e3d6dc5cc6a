import fs from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { Writable } from "node:stream";
import { ClientSecretCredential } from "@azure/identity";
import pino from "pino";
import { syncTenant } from "../../sync/engine/syncTenant";
import { ExitCode, ReplicatorError } from "../../sync/errors";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  type Harness,
  member,
  runCliProcess,
  runCliWithAmbientEnv as runCli,
  startHarness,
  TENANT_ID,
} from "./harness";

/**
 * The sync with its client secret in the infra's Key Vault mirror, read by a separate reader identity
 * through the real DefaultAzureCredential (CLI) or a given credential (API), against the stand-in vault.
 */

const READER_ID = "3b1f6c2e-8d4a-4e5f-9a7b-0c1d2e3f4a5b";
const READER_SECRET = "Rd9~vaultReaderSecret.NeverPrinted_456789";
const ROTATED_SECRET = "Nw3~rotatedClientSecret.AlsoNeverPrinted_01";
const STALE_SECRET = "Ol5~staleClientSecret.StillNeverPrinted_234";
const SECRET_NAME = "entra-replicator-client-secret";

const SECRETS = [CLIENT_SECRET, READER_SECRET, ROTATED_SECRET, STALE_SECRET];

function expectNoSecret(...texts: string[]): void {
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe("client secret from Key Vault", () => {
  let harness: Harness;
  let outputsFile: string;

  /** The CLI as a pipeline with a vault reader identity runs it: AZURE_* are the reader's, not the app's. */
  const readerEnv = () =>
    harness.env({
      AZURE_CLIENT_ID: READER_ID,
      AZURE_CLIENT_SECRET: READER_SECRET,
      AZURE_TENANT_ID: TENANT_ID,
    });

  /**
   * In-process, with the reader's variables as the ambient environment DefaultAzureCredential reads; the
   * first test runs the same as a real process, so both paths are proven.
   */
  const syncFromOutputs = (...args: string[]) =>
    runCli(["sync", "--json", "--stack-outputs", outputsFile, ...args], readerEnv());
  const syncFromOutputsProcess = () =>
    runCliProcess(["sync", "--json", "--stack-outputs", outputsFile], readerEnv());

  const vaultStatuses = () => harness.standIn.requests.list("keyvault").map((request) => request.status);
  const tokenRequests = () => harness.standIn.requests.list("token").length;

  beforeEach(async () => {
    harness = await startHarness([member(1), member(2)], {
      otherApps: [{ clientId: READER_ID, clientSecret: READER_SECRET }],
    });
    harness.standIn.keyVault.allowReaders([READER_ID]);
    harness.standIn.keyVault.setSecret(SECRET_NAME, CLIENT_SECRET, {
      expires: new Date(Date.now() + 120 * 86_400_000),
      tags: { clientId: CLIENT_ID, keyId: "a" },
    });
    // What `pulumi stack output --json` prints without --show-secrets for a stack with the mirror.
    outputsFile = path.join(harness.dir, "outputs.json");
    fs.writeFileSync(
      outputsFile,
      JSON.stringify({
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        clientSecret: "[secret]",
        roger365: "[secret]",
        countryCode: "NL",
        keyVault: {
          vaultUri: `${harness.standIn.url}/`,
          secretName: SECRET_NAME,
          secretId: `${harness.standIn.url}/secrets/${SECRET_NAME}`,
        },
      }),
    );
  });

  afterEach(() => harness.close());

  it("syncs with the secret from the vault; a rotation between two runs reaches the second run untouched", async () => {
    const first = await syncFromOutputsProcess();
    expectNoSecret(first.stdout, first.stderr);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ outcome: "succeeded", mode: "full", created: 2 });
    expect(vaultStatuses()).toEqual([401, 200]);

    // pulumi up rotates: the app's current secret changes and the mirror gets a new version.
    harness.standIn.setClientSecret(ROTATED_SECRET);
    harness.standIn.keyVault.setSecret(SECRET_NAME, ROTATED_SECRET, {
      tags: { clientId: CLIENT_ID, keyId: "b" },
    });
    harness.standIn.directory.update(member(1).id, { jobTitle: "Architect" });
    harness.standIn.requests.clear();

    const second = await syncFromOutputsProcess();
    expectNoSecret(second.stdout, second.stderr);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      outcome: "succeeded",
      mode: "incremental",
      updated: 1,
    });
    // Read once: no refusal, so no re-read.
    expect(vaultStatuses()).toEqual([401, 200]);
    expect(tokenRequests()).toBe(2); // the vault reader's token, then the app's
  });

  it("a stale vault value fixed before the re-read: the single re-read succeeds (API, given reader credential)", async () => {
    // The app was rotated, the vault still holds the old value when the run reads it…
    harness.standIn.setClientSecret(ROTATED_SECRET);
    harness.standIn.keyVault.setSecret(SECRET_NAME, STALE_SECRET, { tags: { clientId: CLIENT_ID } });
    // …and the mirror is updated while the refused token request is under way.
    harness.standIn.faults.add({ endpoint: "token", action: { kind: "delay", ms: 400 }, times: 3 });
    const fixVault = (async () => {
      while (!harness.standIn.requests.list("keyvault").some((request) => request.status === 200)) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      harness.standIn.keyVault.setSecret(SECRET_NAME, ROTATED_SECRET, { tags: { clientId: CLIENT_ID } });
    })();

    const logLines: string[] = [];
    const logger = pino(
      { level: "debug" },
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          logLines.push(chunk.toString("utf8"));
          done();
        },
      }),
    );
    const result = await syncTenant({
      ...harness.options({ clientSecret: undefined }),
      keyVaultUrl: harness.standIn.url,
      keyVaultSecretName: SECRET_NAME,
      keyVaultCredential: new ClientSecretCredential(TENANT_ID, READER_ID, READER_SECRET, {
        authorityHost: harness.standIn.authorityHost,
        disableInstanceDiscovery: true,
      }),
      logger,
    });
    await fixVault;

    expect(result).toMatchObject({ outcome: "succeeded", created: 2 });
    expect(vaultStatuses()).toEqual([401, 200, 200]);
    expect(harness.standIn.requests.list("token").map((request) => request.status)).toEqual([200, 401, 200]);
    const reread = logLines.map((line) => JSON.parse(line) as { msg: string; secretName?: string });
    expect(reread.filter((line) => line.msg.includes("read the vault again"))).toEqual([
      expect.objectContaining({ secretName: SECRET_NAME }),
    ]);
    expectNoSecret(logLines.join(""), JSON.stringify(result));
  });

  it("a secret that is wrong before and after the re-read fails with the documented error", async () => {
    harness.standIn.setClientSecret(ROTATED_SECRET);
    harness.standIn.keyVault.setSecret(SECRET_NAME, STALE_SECRET, { tags: { clientId: CLIENT_ID } });

    const run = await syncFromOutputs();
    expectNoSecret(run.stdout, run.stderr);
    expect(run.code).toBe(ExitCode.Authentication);
    const { error } = JSON.parse(run.stdout) as { error: Record<string, unknown> };
    expect(error).toMatchObject({
      code: "client-secret-invalid",
      field: "keyVaultSecretName",
      exitCode: ExitCode.Authentication,
    });
    expect(error.message).toMatch(
      new RegExp(
        `^The client secret in Key Vault \\(${harness.standIn.url}/secrets/${SECRET_NAME}, version [0-9a-f]{32}\\) ` +
          `is invalid \\(AADSTS7000215\\) for app ${CLIENT_ID} in tenant ${TENANT_ID}, also after reading the vault again\\.$`,
      ),
    );
    expect(error.fix).toContain("Run `pulumi up` for this tenant's stack");
    // Read, refused, read again (same value: no second token request with it), failed.
    expect(vaultStatuses()).toEqual([401, 200, 200]);
    expect(harness.standIn.requests.list("token").map((request) => request.status)).toEqual([200, 401]);
    expect(fs.existsSync(harness.storePath) ? (await harness.contacts()).size : 0).toBe(0);
  });

  it("doctor reads the secret from the vault too and says so", async () => {
    const run = await runCli(["doctor", "--json", "--stack-outputs", outputsFile], readerEnv());
    expectNoSecret(run.stdout, run.stderr);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; checks: { name: string; detail: string }[] };
    expect(report.ok).toBe(true);
    expect(report.checks[0]?.detail).toContain(
      `secret from Key Vault ${harness.standIn.url}/secrets/${SECRET_NAME}`,
    );
  });

  it("names another app's secret when the vault's tag says so", async () => {
    harness.standIn.keyVault.setSecret(SECRET_NAME, STALE_SECRET, {
      tags: { clientId: "0f0f0f0f-0000-4000-8000-000000000000" },
    });
    const run = await syncFromOutputs();
    expect(run.code).toBe(ExitCode.Authentication);
    const { error } = JSON.parse(run.stdout) as { error: { message: string; fix: string } };
    expect(error.message).toContain(
      `The secret is tagged for app 0f0f0f0f-0000-4000-8000-000000000000, not ${CLIENT_ID}.`,
    );
    expect(error.fix).toContain("--key-vault-secret-name");
  });

  it("a secret name the vault does not have: 404 SecretNotFound, exit 2, naming the setting", async () => {
    const run = await syncFromOutputs("--key-vault-secret-name", "no-such-secret");
    expectNoSecret(run.stdout, run.stderr);
    expect(run.code).toBe(ExitCode.Usage);
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        code: "key-vault-secret-not-found",
        field: "keyVaultSecretName",
        message: `The vault ${harness.standIn.url} has no secret named "no-such-secret" (404 SecretNotFound).`,
        fix:
          "Check --key-vault-secret-name / ENTRA_REPLICATOR_KEY_VAULT_SECRET against `pulumi stack output keyVault` " +
          "(secretName), and that the stack's Key Vault mirror is configured and `pulumi up` has run.",
        exitCode: ExitCode.Usage,
      },
    });
  });

  it("a reader without read permission: 403, exit 4, naming the reader and the role it needs", async () => {
    harness.standIn.keyVault.allowReaders([]);
    const run = await runCli(
      [
        "sync",
        "--key-vault-url",
        harness.standIn.url,
        "--key-vault-secret-name",
        SECRET_NAME,
        "--tenant-id",
        TENANT_ID,
        "--client-id",
        CLIENT_ID,
      ],
      readerEnv(),
    );
    expectNoSecret(run.stdout, run.stderr);
    expect(run.code).toBe(ExitCode.Permission);
    expect(run.stderr).toContain(
      `refused to let appid=${READER_ID};oid=${READER_ID} read secret "${SECRET_NAME}" (403)`,
    );
    expect(run.stderr).toContain('"Key Vault Secrets User" role');
  });

  it("an unreachable vault is exit 5 naming the vault URL setting", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const failure = await syncTenant({
      ...harness.options({ clientSecret: undefined }),
      keyVaultUrl: `https://127.0.0.1:${closedPort}`,
      keyVaultSecretName: SECRET_NAME,
      keyVaultCredential: new ClientSecretCredential(TENANT_ID, READER_ID, READER_SECRET, {
        authorityHost: harness.standIn.authorityHost,
        disableInstanceDiscovery: true,
      }),
      retry: { maxRetries: 0 },
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ReplicatorError);
    expect((failure as ReplicatorError).toJSON()).toEqual({
      code: "key-vault-unreachable",
      field: "keyVaultUrl",
      message: `Could not read the client secret from https://127.0.0.1:${closedPort}: connection refused: nothing is listening at that address (ECONNREFUSED).`,
      fix:
        "Check --key-vault-url / ENTRA_REPLICATOR_KEY_VAULT_URL (stack output keyVault.vaultUri), the network, " +
        "proxy and the vault's firewall (its allowed networks), then run again.",
      exitCode: ExitCode.Unavailable,
    });
  });
});
