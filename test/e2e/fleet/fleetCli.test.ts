import path from "node:path";
import { REPO_ROOT, runCli } from "../harness";
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
});
