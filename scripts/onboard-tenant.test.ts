import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parse } from "yaml";

import { validateStackFileConfig } from "../infra/config";

const SCRIPT = join(__dirname, "onboard-tenant.ts");
const TSX_CLI = require.resolve("tsx/cli");
const TENANT = [
  "--tenant-id",
  "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
  "--deployer-object-id",
  "5a1f0000-4f89-41d3-9a0c-0305e82c3301",
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "onboard-"));
  writeFileSync(join(dir, "Pulumi.yaml"), "name: entra-replicator\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function onboard(args: string[]) {
  const result = spawnSync(process.execPath, [TSX_CLI, SCRIPT, "--dir", dir, ...args], { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("onboard-tenant", () => {
  it("writes a stack file the program's validation accepts, then refuses to overwrite it", () => {
    const first = onboard([
      "--stack",
      "fabrikam",
      ...TENANT,
      "--country",
      "AT",
      "--rotation-days",
      "90",
      "--validity-days",
      "200",
      "--overlap-days",
      "30",
      "--key-vault-resource-group",
      "rg-identity",
      "--key-vault-name",
      "kv-fabrikam",
      "--key-vault-secret-name",
      "fabrikam-client-secret",
      "--no-admin-consent",
      "--anchor",
      "2026-01-15",
    ]);
    const path = join(dir, "Pulumi.fabrikam.yaml");
    expect([first.code, first.stderr]).toEqual([0, ""]);
    expect(first.stdout.split("\n")[0]).toBe(`Wrote ${path}.`);

    const text = readFileSync(path, "utf8");
    expect(text.split("\n").slice(0, 3)).toEqual([
      '# Tenant stack "fabrikam" of entra-replicator.',
      `# Made on ${new Date().toISOString().slice(0, 10)} by:`,
      "#   npm run onboard-tenant -- --stack fabrikam --tenant-id 3f2504e0-4f89-11d3-9a0c-0305e82c3301 " +
        "--deployer-object-id 5a1f0000-4f89-41d3-9a0c-0305e82c3301 --country AT " +
        "--rotation-days 90 --validity-days 200 --overlap-days 30 --key-vault-resource-group rg-identity " +
        "--key-vault-name kv-fabrikam --key-vault-secret-name fabrikam-client-secret --no-admin-consent --anchor 2026-01-15",
    ]);
    const { config } = parse(text) as { config: Record<string, unknown> };
    expect(config["azuread:tenantId"]).toBe("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    expect(validateStackFileConfig(config, new Date())).toEqual({
      displayName: "ROGER365.io Azure Entra replicator",
      countryCode: "AT",
      deployerObjectId: "5a1f0000-4f89-41d3-9a0c-0305e82c3301",
      ownerObjectIds: [],
      grantAdminConsent: false,
      secretValidityDays: 200,
      secretRotationDays: 90,
      secretOverlapDays: 30,
      secretRotationAnchor: "2026-01-15",
      keyVault: {
        resourceGroupName: "rg-identity",
        vaultName: "kv-fabrikam",
        secretName: "fabrikam-client-secret",
        create: false,
        readerObjectIds: [],
      },
    });

    const again = onboard(["--stack", "fabrikam", ...TENANT, "--country", "DE"]);
    expect([again.code, again.stderr]).toEqual([
      2,
      `onboard-tenant: ${path} already exists. Fix: pick another --stack, or pass --force to replace it.\nNothing was written.\n`,
    ]);
    expect(readFileSync(path, "utf8")).toBe(text);

    const forced = onboard(["--stack", "fabrikam", ...TENANT, "--country", "DE", "--force"]);
    expect(forced.code).toBe(0);
    expect((parse(readFileSync(path, "utf8")) as { config: Record<string, unknown> }).config).toEqual({
      "azuread:tenantId": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
      "entra-replicator:countryCode": "DE",
      "entra-replicator:deployerObjectId": "5a1f0000-4f89-41d3-9a0c-0305e82c3301",
      "entra-replicator:grantAdminConsent": true,
      "entra-replicator:secretRotationDays": 60,
      "entra-replicator:secretValidityDays": 180,
      "entra-replicator:secretOverlapDays": 30,
      "entra-replicator:secretRotationAnchor": new Date().toISOString().slice(0, 10),
    });
  });

  it("refuses invalid input with the field-naming error and the option to change, writing nothing", () => {
    const { code, stdout, stderr } = onboard([
      "--stack",
      "contoso",
      ...TENANT,
      "--country",
      "DE",
      "--validity-days",
      "100",
    ]);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toBe(
      "onboard-tenant: entra-replicator:secretValidityDays is 100, less than twice secretRotationDays (60) plus one day: " +
        "the previous secret would expire before the daily run re-issues its slot. " +
        "Fix: set secretValidityDays to at least 121 (max 730), or secretRotationDays to at most 49.\n" +
        "In this command, that is --validity-days.\nNothing was written.\n",
    );
    expect(existsSync(join(dir, "Pulumi.contoso.yaml"))).toBe(false);
  });

  it("prints the stack init with the secrets provider, and refuses one that is not a provider", () => {
    const provider = "azurekeyvault://kv-state.vault.azure.net/keys/pulumi";
    const ok = onboard(["--stack", "contoso", ...TENANT, "--country", "DE", "--secrets-provider", provider]);
    expect([ok.code, ok.stderr]).toEqual([0, ""]);
    expect(ok.stdout).toContain(`  pulumi stack init contoso --secrets-provider ${provider}\n`);
    const bad = onboard([
      "--stack",
      "fabrikam",
      ...TENANT,
      "--country",
      "DE",
      "--secrets-provider",
      "https://kv",
    ]);
    expect([bad.code, bad.stdout]).toEqual([2, ""]);
    expect(bad.stderr).toMatch(
      /^onboard-tenant: --secrets-provider is "https:\/\/kv", not a Pulumi secrets provider\./,
    );
    expect(existsSync(join(dir, "Pulumi.fabrikam.yaml"))).toBe(false);
  });

  it("exits 2 when a required option is missing", () => {
    const { code, stderr } = onboard(["--stack", "contoso", ...TENANT]);
    expect([code, stderr]).toEqual([2, "error: required option '--country <CC>' not specified\n"]);
  });
});
