import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { ExpiryReport } from "./lib/expiryEvaluation";
import { FIXTURE_SECRET, stackOutputsFixture } from "./lib/expiryFixtures";

const SCRIPT = join(__dirname, "check-expiry.ts");
const TSX_CLI = require.resolve("tsx/cli");
const AT = "2027-03-01T00:00:00Z";

const fine = stackOutputsFixture({
  slotAExpiresAt: "2027-07-01T00:00:00.000Z",
  slotBExpiresAt: "2027-04-15T00:00:00.000Z",
  nextRotationAt: "2027-04-01T00:00:00.000Z",
});
const warning = stackOutputsFixture({
  slotAExpiresAt: "2027-03-20T00:00:00.000Z",
  slotBExpiresAt: "2027-02-01T00:00:00.000Z",
  nextRotationAt: "2027-03-10T00:00:00.000Z",
});
const expired = stackOutputsFixture({
  slotAExpiresAt: "2027-01-01T00:00:00.000Z",
  slotBExpiresAt: "2027-02-28T00:00:00.000Z",
  nextRotationAt: "2026-12-01T00:00:00.000Z",
  current: "b",
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "check-expiry-"));
  for (const [stack, outputs] of Object.entries({ contoso: fine, fabrikam: warning, tailspin: expired })) {
    writeFileSync(join(dir, `${stack}.json`), JSON.stringify(outputs));
  }
  writeFileSync(join(dir, "empty.json"), "{}");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function checkExpiry(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, [TSX_CLI, SCRIPT, ...args], {
    encoding: "utf8",
    input: options.input ?? "",
    env: options.env ?? process.env,
  });
  expect(result.stdout + result.stderr).not.toContain(FIXTURE_SECRET);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const file = (stack: string) => join(dir, `${stack}.json`);

describe("check-expiry", () => {
  it("exits 0 and prints a table when every tenant is fine", () => {
    const { code, stdout } = checkExpiry(["--at", AT, file("contoso")]);
    expect(code).toBe(0);
    expect(stdout.split("\n")).toEqual([
      "Secret expiry as of 2027-03-01 00:00Z (warning window: 30 days)",
      "",
      "STACK    STATUS  CURRENT  EXPIRES            DAYS LEFT  SLOT A                    SLOT B                   NEXT ROTATION",
      "contoso  FINE    slot A   2027-07-01 00:00Z  122        2027-07-01 00:00Z (122d)  2027-04-15 00:00Z (45d)  2027-04-01 00:00Z",
      "",
      "Overall: FINE (exit 0)",
      "",
    ]);
  });

  it("exits 1 when one of many tenants is within the warning window", () => {
    const { code, stdout } = checkExpiry(["--at", AT, file("contoso"), file("fabrikam")]);
    expect(code).toBe(1);
    expect(stdout).toContain("fabrikam: the current client secret expires in 19 days");
    expect(stdout).toContain("Overall: WARNING (exit 1)");
  });

  it("honours --warn-days", () => {
    expect(checkExpiry(["--at", AT, "--warn-days", "10", file("fabrikam")]).code).toBe(0);
  });

  it("exits 2 with one JSON document when a tenant's secret has expired", () => {
    const { code, stdout } = checkExpiry([
      "--json",
      "--at",
      AT,
      file("contoso"),
      file("fabrikam"),
      file("tailspin"),
    ]);
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as ExpiryReport;
    expect([report.status, report.exitCode]).toEqual(["expired", 2]);
    expect(report.tenants.map((t) => [t.stack, t.status])).toEqual([
      ["contoso", "fine"],
      ["fabrikam", "warning"],
      ["tailspin", "expired"],
    ]);
  });

  it("exits 2 and names the fix when outputs are missing or unreadable", () => {
    const { code, stdout } = checkExpiry([
      "--at",
      AT,
      `new-tenant=${file("empty")}`,
      join(dir, "nowhere.json"),
    ]);
    expect(code).toBe(2);
    expect(stdout).toContain(
      'new-tenant: output "clientSecretExpiresAt" is missing: run `pulumi up --stack new-tenant`',
    );
    expect(stdout).toContain(
      `nowhere: cannot read ${join(dir, "nowhere.json")} (ENOENT): save it with \`pulumi stack output --json --stack nowhere > ${join(dir, "nowhere.json")}\``,
    );
  });

  it("reads a --show-secrets document from stdin without printing the secret", () => {
    const { code, stdout } = checkExpiry(["--json", "--at", AT], { input: JSON.stringify(warning) });
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as ExpiryReport).tenants.map((t) => t.stack)).toEqual(["stdin"]);
  });

  it("does not echo malformed input, which may hold a secret", () => {
    const { code, stdout } = checkExpiry(["--at", AT, "-"], {
      input: `{"clientSecret": "${FIXTURE_SECRET}", oops}`,
    });
    expect(code).toBe(2);
    expect(stdout).toContain(
      "stdin: stdin is not valid JSON: pass the output of `pulumi stack output --json` unchanged",
    );
  });

  it("exits 2 on a bad option, naming it and the fix", () => {
    const { code, stderr } = checkExpiry(["--warn-days", "soon", file("contoso")]);
    expect(code).toBe(2);
    expect(stderr).toContain('--warn-days must be a whole number of days ≥ 0 (e.g. 30), got "soon"');
  });

  describe("--stack (runs the Pulumi CLI)", () => {
    // The Pulumi CLI cannot be installed here: a stand-in on PATH answers `stack output` from the
    // fixture files and records its arguments, which is the contract being tested.
    let bin: string;
    beforeAll(() => {
      bin = mkdtempSync(join(tmpdir(), "fake-pulumi-"));
      const pulumi = join(bin, "pulumi");
      writeFileSync(
        pulumi,
        `#!/bin/sh\necho "$@" >> "${bin}/calls.log"\n` +
          `if [ -f "${dir}/$5.json" ]; then cat "${dir}/$5.json"; else echo "error: no stack named '$5' found" >&2; exit 255; fi\n`,
      );
      chmodSync(pulumi, 0o755);
    });
    afterAll(() => rmSync(bin, { recursive: true, force: true }));

    it("asks Pulumi for each stack's outputs without --show-secrets", () => {
      const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` };
      const { code, stdout } = checkExpiry(["--at", AT, "--stack", "contoso", "--stack", "ghost"], { env });
      expect(code).toBe(2);
      expect(readFileSync(join(bin, "calls.log"), "utf8").split("\n")).toEqual([
        "stack output --json --stack contoso",
        "stack output --json --stack ghost",
        "",
      ]);
      expect(stdout).toContain(
        "ghost: `pulumi stack output --json --stack ghost` failed (exit 255): error: no stack named 'ghost' found",
      );
      expect(stdout).toMatch(/^contoso +FINE/m);
    });

    it("says how to proceed when the Pulumi CLI is not installed", () => {
      const env = { ...process.env, PATH: dir };
      const { code, stderr } = checkExpiry(["--stack", "contoso"], { env });
      expect(code).toBe(2);
      expect(stderr).toBe(
        "check-expiry: --stack needs the Pulumi CLI, but `pulumi` is not on PATH: install it " +
          "(https://www.pulumi.com/docs/install/) or pass saved `pulumi stack output --json` files instead\n",
      );
    });
  });
});
