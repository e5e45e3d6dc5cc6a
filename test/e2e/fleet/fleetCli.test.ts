import path from "node:path";
import fs from "node:fs";
import { REPO_ROOT, runCli, runCliWithAmbientEnv } from "../harness";
import { type LoopbackFleet, startLoopbackFleet } from "./fleetHarness";

/** `entra-replicator fleet sync` as a scheduler runs it: a child process, the table or one JSON document, the exit code. */

jest.setTimeout(60_000);

let fleet: LoopbackFleet;

beforeAll(async () => {
  fleet = await startLoopbackFleet([
    { name: "contoso", users: 12, firstUser: 1 },
    { name: "fabrikam", users: 4, firstUser: 501 },
  ]);
});

afterAll(async () => {
  await fleet.close();
});

function baseEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, "standin/tls/ca.pem"),
  };
}

describe("entra-replicator fleet sync", () => {
  it("prints one JSON document per fleet and exits with the worst tenant's code", async () => {
    const config = fleet.writeConfig({ store: "fleet.db", concurrency: 2 });
    const env = { ...baseEnv(), [fleet.tenant("contoso").secretEnv]: fleet.tenant("contoso").secret };
    const run = await runCli(["fleet", "sync", "--config", config, "--json"], env);

    expect(run.code).toBe(2);
    const document = JSON.parse(run.stdout) as { store: string; concurrency: number; tenants: unknown[] };
    expect(document).toMatchObject({
      store: path.join(fleet.dir, "fleet.db"),
      concurrency: 2,
      tenants: [
        {
          name: "contoso",
          tenantId: fleet.tenant("contoso").tenantId,
          outcome: "succeeded",
          created: 12,
          exitCode: 0,
        },
        {
          name: "fabrikam",
          tenantId: fleet.tenant("fabrikam").tenantId,
          outcome: "invalid-config",
          exitCode: 2,
          error: { code: "fleet-secret-missing", field: "tenants[1].clientSecretEnv" },
        },
      ],
    });
    expect(run.stdout + run.stderr).not.toContain(fleet.tenant("contoso").secret);
  });

  it("prints a table for people, with the fix for each tenant that did not sync", async () => {
    const config = fleet.writeConfig(
      { store: "table.db" },
      { fabrikam: { clientSecretEnv: "UNSET_VARIABLE" } },
    );
    const env = { ...baseEnv(), ...fleet.secretsEnv() };
    const run = await runCli(["fleet", "sync", "--config", config, "--concurrency", "1"], env);

    expect(run.code).toBe(2);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^TENANT\s+TENANT ID\s+OUTCOME\s+MODE\s+CREATED\s+UPDATED\s+DELETED\s+UNCHANGED\s+BAD #\s+TIME$/,
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^contoso\\s+${fleet.tenant("contoso").tenantId}\\s+succeeded\\s+full\\s+12\\s+0\\s+0\\s+0\\s+0\\s+`,
      ),
    );
    expect(lines[2]).toMatch(/^fabrikam\s+\S+\s+invalid-config\s+-\s+0/);
    expect(run.stdout).toContain("2 tenant(s): 1 succeeded, 1 invalid-config");
    expect(run.stdout).toContain("fabrikam: tenant 'fabrikam' (tenants[1] in");
    expect(run.stdout).toContain("Fix: Set UNSET_VARIABLE to the client secret");
    for (const tenant of fleet.tenants) expect(run.stdout + run.stderr).not.toContain(tenant.secret);
  });

  it("stops before any tenant runs when the file itself is wrong, naming the key", async () => {
    const config = fleet.writeConfig({ concurency: 2 });
    const requestsBefore = fleet.tenants.map((tenant) => tenant.standIn.requests.count());
    const run = await runCli(["fleet", "sync", "--config", config, "--json"], {
      ...baseEnv(),
      ...fleet.secretsEnv(),
    });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: {
        code: "fleet-config-invalid",
        message: expect.stringContaining("'concurency' is not a fleet setting."),
      },
    });
    expect(fleet.tenants.map((tenant) => tenant.standIn.requests.count())).toEqual(requestsBefore);
  });

  it("reads one tenant of the shared store with --tenant (name via --fleet, or id), and lists the tenants when ambiguous", async () => {
    const config = fleet.writeConfig({ store: "both.db" });
    const env = { ...baseEnv(), ...fleet.secretsEnv() };
    expect((await runCli(["fleet", "sync", "--config", config], env)).code).toBe(0);
    const contoso = fleet.tenant("contoso").tenantId;
    const fabrikam = fleet.tenant("fabrikam").tenantId;
    const db = path.join(fleet.dir, "both.db");

    const ambiguous = await runCli(["status", "--db", db, "--json"], baseEnv());
    expect(ambiguous.code).toBe(2);
    expect(JSON.parse(ambiguous.stdout).error.message).toContain(
      `holds 2 tenants (${[contoso, fabrikam].sort().join(", ")})`,
    );
    const ambiguousFleet = await runCli(["status", "--fleet", config, "--json"], baseEnv());
    expect(JSON.parse(ambiguousFleet.stdout).error.message).toContain(
      `has 2 tenants: contoso (${contoso}), fabrikam (${fabrikam})`,
    );

    const byName = await runCli(
      ["lookup", "020 123 4001", "--country", "NL", "--fleet", config, "--tenant", "contoso", "--json"],
      baseEnv(),
    );
    expect(byName.code).toBe(0);
    expect(
      JSON.parse(byName.stdout).matches.map((contact: { displayName: string }) => contact.displayName),
    ).toEqual(["User 1"]);
    const otherTenant = await runCli(
      ["lookup", "020 123 4001", "--country", "NL", "--fleet", config, "--tenant", "fabrikam"],
      baseEnv(),
    );
    expect(otherTenant.code).toBe(8);

    const byId = await runCli(["export", "--format", "csv", "--db", db, "--tenant", fabrikam], baseEnv());
    expect(byId.code).toBe(0);
    // One row per phone: the header, then fabrikam's 4 users × (office + mobile); none of contoso's 12.
    const rows = byId.stdout.trim().split(/\r?\n/).slice(1);
    expect(rows).toHaveLength(4 * 2);
    expect(new Set(rows.map((row) => row.split(",")[1]))).toEqual(
      new Set(["User 501", "User 502", "User 503", "User 504"]),
    );

    const fromEnvironment = await runCli(["status", "--db", db, "--json"], {
      ...baseEnv(),
      AZURE_TENANT_ID: contoso.toUpperCase(),
    });
    expect(JSON.parse(fromEnvironment.stdout)).toMatchObject({ contacts: 12 });

    const nameWithoutFleet = await runCli(["status", "--db", db, "--tenant", "contoso", "--json"], baseEnv());
    expect(nameWithoutFleet.code).toBe(2);
    expect(JSON.parse(nameWithoutFleet.stdout).error).toMatchObject({
      code: "tenant-name-without-fleet",
      field: "--tenant",
    });
  });

  it("refuses fleet work on an SQLite store: workers share tenants through PostgreSQL", async () => {
    const config = fleet.writeConfig({ store: "local.db" }, {}, "work.yaml");
    const run = await runCli(["fleet", "work", "--config", config, "--once", "--json"], {
      ...baseEnv(),
      ...fleet.secretsEnv(),
    });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: "fleet-work-needs-postgres", field: "store" });
  });

  it("takes each tenant's secret from where its entry says: a variable, its Key Vault, or its stack outputs", async () => {
    const readerId = "3b1f6c2e-8d4a-4e5f-9a7b-0c1d2e3f4a5b";
    const readerSecret = "Rd9~fleetVaultReaderSecret.NeverPrinted_1";
    const sources = await startLoopbackFleet([
      {
        name: "vaulted",
        users: 3,
        firstUser: 1,
        otherApps: [{ clientId: readerId, clientSecret: readerSecret }],
      },
      { name: "stacked", users: 2, firstUser: 101 },
      { name: "plain", users: 1, firstUser: 201 },
    ]);
    try {
      const vaulted = sources.tenant("vaulted");
      vaulted.standIn.keyVault.allowReaders([readerId]);
      vaulted.standIn.keyVault.setSecret("entra-replicator-client-secret", vaulted.secret);
      const stacked = sources.tenant("stacked");
      fs.writeFileSync(
        path.join(sources.dir, "stacked.json"),
        JSON.stringify({
          tenantId: stacked.tenantId,
          clientId: stacked.clientId,
          clientSecret: stacked.secret,
          countryCode: "NL",
        }),
      );
      const config = sources.writeConfig(
        { store: "sources.db" },
        {
          vaulted: {
            clientSecretEnv: undefined,
            keyVault: { url: vaulted.standIn.url, secretName: "entra-replicator-client-secret" },
          },
          stacked: { clientSecretEnv: undefined, country: undefined, stackOutputs: "stacked.json" },
        },
      );
      // The vault is read by DefaultAzureCredential's identity (the ambient AZURE_* of the process), never by
      // the tenant's app; only "plain" has its secret in a variable.
      const env = {
        ...baseEnv(),
        AZURE_TENANT_ID: vaulted.tenantId,
        AZURE_CLIENT_ID: readerId,
        AZURE_CLIENT_SECRET: readerSecret,
        AZURE_AUTHORITY_HOST: vaulted.standIn.authorityHost,
        [sources.tenant("plain").secretEnv]: sources.tenant("plain").secret,
      };
      const run = await runCliWithAmbientEnv(["fleet", "sync", "--config", config, "--json"], env);
      expect(run.code).toBe(0);
      expect(
        JSON.parse(run.stdout).tenants.map((t: { name: string; outcome: string; created: number }) => [
          t.name,
          t.outcome,
          t.created,
        ]),
      ).toEqual([
        ["vaulted", "succeeded", 3],
        ["stacked", "succeeded", 2],
        ["plain", "succeeded", 1],
      ]);
      expect(vaulted.standIn.requests.list("keyvault").map((request) => request.status)).toEqual([401, 200]);
      for (const secret of [readerSecret, ...sources.tenants.map((tenant) => tenant.secret)]) {
        expect(run.stdout + run.stderr).not.toContain(secret);
      }
    } finally {
      await sources.close();
    }
  });
});
