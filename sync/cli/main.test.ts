import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openStore } from "../store/openStore";
import { runCliInProcess } from "../testing/runCliInProcess";

/**
 * The CLI in-process: `main(argv, { env, stdout, stderr })`, the environment exactly as given. The
 * newcomer findings of issue 10, each as a new user met it.
 */

const TENANT = "11111111-2222-4333-8444-555555555555";
const CLIENT = "66666666-7777-4888-9999-aaaaaaaaaaaa";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-main-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("entra-replicator (in-process)", () => {
  it("reports every missing setting in one run, each with where it can come from", async () => {
    const human = await runCliInProcess(["sync"], { ENTRA_REPLICATOR_DB: path.join(dir, "d.db") });
    expect(human.code).toBe(2);
    expect(human.stderr).toContain(
      "error [setting-missing] (tenantId, clientId, clientSecret): 3 required settings",
    );
    for (const where of ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "--stack-outputs"]) {
      expect(human.stderr).toContain(where);
    }
    const json = await runCliInProcess(["sync", "--json"], { ENTRA_REPLICATOR_DB: path.join(dir, "d.db") });
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: "setting-missing", field: "tenantId, clientId, clientSecret", exitCode: 2 },
    });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("export --output into a missing directory names the flag, never internal-error or the temp file", async () => {
    const storePath = path.join(dir, "directory.db");
    await (await openStore(storePath)).close();
    const target = path.join(dir, "missing", "directory.vcf");
    const run = await runCliInProcess(["export", "--format", "vcard", "--output", target], {
      ENTRA_REPLICATOR_DB: storePath,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `error [export-output-invalid] (--output): Cannot write the export to ${target}: the directory ${path.dirname(target)} does not exist.`,
    );
    expect(run.stderr).toContain("fix: Give --output a file in an existing, writable directory");
    expect(run.stderr).not.toMatch(/\.tmp|internal-error/);
    expect(fs.existsSync(path.dirname(target))).toBe(false);
  });

  it("export --output into an existing directory writes the file and says where", async () => {
    const storePath = path.join(dir, "directory.db");
    await (await openStore(storePath)).close();
    const target = path.join(dir, "directory.csv");
    const run = await runCliInProcess(["export", "--format", "csv", "--output", target], {
      ENTRA_REPLICATOR_DB: storePath,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`Wrote ${target}\n`);
    expect(fs.readFileSync(target, "utf8").split("\n")[0]).toMatch(/^object_id,display_name,/);
  });

  it("sync --db into a missing directory is a usage error naming --db, and creates nothing", async () => {
    const storePath = path.join(dir, "no", "such", "directory.db");
    const env = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: "s3cret-value" };
    const run = await runCliInProcess(["sync", "--db", storePath], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `error [setting-invalid] (storePath): --db: the store's directory ${path.dirname(storePath)} does not exist.`,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("--help and --version exit 0 on stdout; an unknown flag is exit 2, and with --json one usage document", async () => {
    const help = await runCliInProcess(["--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: entra-replicator");
    for (const command of ["sync", "lookup", "status", "doctor", "export"])
      expect(help.stdout).toContain(command);
    const version = await runCliInProcess(["--version"], {});
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    const unknown = await runCliInProcess(["status", "--colour", "--json"], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--colour'");
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: "usage", exitCode: 2 } });
  });

  it("scrubs a secret given as a flag from everything it prints, even commander's own errors", async () => {
    const secret = "Zq8~flagSecretThatMustNotShow_987654";
    const run = await runCliInProcess(
      ["sync", "--client-secret", secret, "--tenant-id", secret, "--json"],
      {},
    );
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });
});
