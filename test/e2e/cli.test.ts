import fs from "node:fs";
import path from "node:path";
import { CLIENT_SECRET, type Harness, member, runCli, startHarness, userId } from "./harness";

/**
 * The CLI as a pipeline runs it: a child process, the environment as the interface, exit codes and
 * exactly one JSON document on stdout. Every output is checked for the secret.
 */

function expectNoSecret(...texts: string[]): void {
  for (const text of texts) expect(text).not.toContain(CLIENT_SECRET);
}

describe("entra-replicator CLI", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness([
      member(1),
      member(2, { businessPhones: ["+31 20 123 4001"] }),
      member(3, { mobilePhone: "n/a" }),
    ]);
  });

  afterAll(async () => {
    await harness.close();
  });

  it("sync --json prints one JSON document on stdout and logs on stderr", async () => {
    const run = await runCli(["sync", "--json", "--log-level", "debug"], harness.env());
    expectNoSecret(run.stdout, run.stderr);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(document).toMatchObject({ outcome: "succeeded", mode: "full", created: 3, invalidNumbers: 1 });
    expect(run.stderr).toContain('"msg":"sync started"');
    // Non-TTY runs are background runs: Graph may throttle them first.
    expect(
      harness.standIn.requests.list("delta").every((request) => request.throttlePriority === "low"),
    ).toBe(true);
  });

  it("lookup shows every match, and exits 8 when nobody has the number", async () => {
    const found = await runCli(["lookup", "020 123 4001", "--json"], harness.env());
    expectNoSecret(found.stdout, found.stderr);
    expect(found.code).toBe(0);
    const result = JSON.parse(found.stdout) as { e164: string; matches: { id: string }[] };
    expect(result.e164).toBe("+31201234001");
    expect(result.matches.map((contact) => contact.id).sort()).toEqual([userId(1), userId(2)]);

    const missing = await runCli(["lookup", "+31 20 555 0000"], harness.env());
    expect(missing.code).toBe(8);
    expect(missing.stdout).toContain("No contact has +31205550000");
  });

  it("status, configured by a --config file, lists runs and the number that failed to normalise", async () => {
    const config = path.join(harness.dir, "replicator.json");
    fs.writeFileSync(config, JSON.stringify({ storePath: harness.storePath, defaultCountry: "NL" }));
    const run = await runCli(
      ["status", "--config", config],
      harness.env({ ENTRA_REPLICATOR_DB: "/nonexistent/x.db" }),
    );
    expectNoSecret(run.stdout, run.stderr);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("contacts 3; next sync incremental: yes");
    expect(run.stdout).toContain(`User 3 (${userId(3)}) mobile "n/a"`);
  });

  it("doctor passes its checklist, reading credentials from pulumi stack outputs on stdin", async () => {
    const outputs = JSON.stringify({
      tenantId: harness.options().tenantId,
      clientId: harness.options().clientId,
      clientSecret: CLIENT_SECRET,
    });
    const env = harness.env({ AZURE_TENANT_ID: "", AZURE_CLIENT_ID: "", AZURE_CLIENT_SECRET: "" });
    const run = await runCli(["doctor", "--stack-outputs", "-"], env, outputs);
    expectNoSecret(run.stdout, run.stderr);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✔ permission: roles: User.Read.All");
    expect(run.stdout).toContain("Ready to sync.");
  });

  it("a wrong secret exits 3 with the fix, and never prints the secret given", async () => {
    const wrong = "Wr0ng~SecretValue.ThatMustNotAppear_1234";
    const run = await runCli(["sync"], harness.env({ AZURE_CLIENT_SECRET: wrong }));
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("error [client-secret-invalid]");
    expect(run.stderr).toContain("pulumi up");
    expect(run.stdout + run.stderr).not.toContain(wrong);
    expectNoSecret(run.stdout, run.stderr);
  });

  it("missing consent exits 4; with --json the error is the one JSON document", async () => {
    harness.standIn.setRoles([]);
    try {
      const run = await runCli(["doctor", "--json"], harness.env());
      expectNoSecret(run.stdout, run.stderr);
      expect(run.code).toBe(4);
      const report = JSON.parse(run.stdout) as {
        ok: boolean;
        checks: { name: string; ok: boolean; fix: string | null }[];
      };
      expect(report.ok).toBe(false);
      expect(report.checks.map((check) => [check.name, check.ok])).toEqual([
        ["configuration", true],
        ["token", true],
        ["permission", false],
        ["read-users", false],
      ]);
      expect(report.checks[2]?.fix).toContain("/adminconsent?client_id=");

      const sync = await runCli(["sync", "--json", "--full"], harness.env());
      expect(sync.code).toBe(4);
      const document = JSON.parse(sync.stdout) as {
        error: { code: string; fix: string };
        summary: { outcome: string };
      };
      expect(document.error.fix).toContain("/adminconsent?client_id=");
      expect(document.summary.outcome).toBe("failed");
    } finally {
      harness.standIn.setRoles(["User.Read.All"]);
    }
  });

  it("bad input names the field and exits 2", async () => {
    const run = await runCli(
      ["sync", "--tenant-id", "contoso", "--client-secret", CLIENT_SECRET, "--json"],
      harness.env({ AZURE_CLIENT_SECRET: "" }),
    );
    expect(run.code).toBe(2);
    const document = JSON.parse(run.stdout) as { error: { code: string; field: string; message: string } };
    expect(document.error).toMatchObject({ code: "setting-invalid", field: "tenantId" });
    expect(document.error.message).toBe("--tenant-id: 'contoso' is not a GUID.");
    expectNoSecret(run.stdout, run.stderr);
  });

  it("export --format vcard writes the directory file", async () => {
    const output = path.join(harness.dir, "directory.vcf");
    const run = await runCli(["export", "--format", "vcard", "--output", output], harness.env());
    expect(run.code).toBe(0);
    const vcard = fs.readFileSync(output, "utf8");
    expect(vcard.match(/BEGIN:VCARD/g)?.length).toBe(3);
    expect(vcard).toContain("tel:+31201234001");
  });
});
