import { join, resolve } from "node:path";

import { startStandIn, type StandIn } from "../standin";
import type { ExpiryReport } from "./lib/expiryEvaluation";
import { runProcess } from "./lib/runProcess";

/**
 * The expiry check against the Key Vault mirror in the stand-in vault: a separate reader identity through
 * the real DefaultAzureCredential, the list operation only (no secret value crosses the wire), exit 0/1/2.
 */

const SCRIPT = join(__dirname, "check-expiry.ts");
const TSX_CLI = require.resolve("tsx/cli");
const CA = resolve(__dirname, "../standin/tls/ca.pem");
const TENANT = "4d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d";
const APP = "0e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b";
const READER = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
const READER_SECRET = "Ck7~expiryCheckReader.NeverPrinted_0123";
const VALUES = [
  "Fn1~fineSecretValue.NeverPrinted_000001",
  "Wr2~warnSecretValue.NeverPrinted_000002",
  "Ex3~gone",
];
const AT = new Date("2027-03-01T00:00:00Z");
const DAY = 86_400_000;

let standIn: StandIn;

beforeAll(async () => {
  standIn = await startStandIn({
    tenantId: TENANT,
    clientId: APP,
    clientSecret: "Ap4~appSecretValue.NotUsedHere_0000000",
    otherApps: [{ clientId: READER, clientSecret: READER_SECRET }],
  });
  standIn.keyVault.allowReaders([READER]);
  const tags = (keyId: string) => ({ clientId: APP, keyId });
  standIn.keyVault.setSecret("contoso", VALUES[0] as string, {
    expires: new Date(AT.getTime() + 120 * DAY),
    tags: tags("key-a"),
  });
  standIn.keyVault.setSecret("fabrikam", VALUES[1] as string, {
    expires: new Date(AT.getTime() + 12 * DAY),
    tags: tags("key-b"),
  });
  standIn.keyVault.setSecret("tailspin", VALUES[2] as string, {
    expires: new Date(AT.getTime() - DAY),
    tags: tags("key-c"),
  });
});
afterAll(() => standIn.close());

async function checkExpiry(args: string[], reader = { id: READER, secret: READER_SECRET }) {
  const outcome = await runProcess(process.execPath, [TSX_CLI, SCRIPT, "--at", AT.toISOString(), ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_EXTRA_CA_CERTS: CA,
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: reader.id,
      AZURE_CLIENT_SECRET: reader.secret,
      AZURE_AUTHORITY_HOST: standIn.authorityHost,
    },
  });
  for (const secret of [...VALUES, READER_SECRET]) {
    expect(outcome.stdout + outcome.stderr).not.toContain(secret);
  }
  return outcome;
}

const vault = () => ["--key-vault-url", standIn.url];

describe("check-expiry --key-vault-url", () => {
  beforeEach(() => standIn.requests.clear());

  it("exits 0 for a mirror far from expiry, and lists attributes without ever getting the value", async () => {
    const { code, stdout } = await checkExpiry([...vault(), "--secret-name", "contoso"]);
    expect(code).toBe(0);
    const host = new URL(standIn.url).host;
    expect(stdout.split("\n")).toEqual([
      "Secret expiry as of 2027-03-01 00:00Z (warning window: 30 days)",
      "",
      `STACK${" ".repeat(host.length + 5)}STATUS  CURRENT  EXPIRES            DAYS LEFT  SLOT A  SLOT B  NEXT ROTATION`,
      `${host}/contoso  FINE    -        2027-06-29 00:00Z  120        -       -       -`,
      "",
      "Overall: FINE (exit 0)",
      "",
    ]);
    const vaultPaths = standIn.requests.list("keyvault").map((request) => [request.path, request.status]);
    expect(vaultPaths).toEqual([
      ["/secrets", 401],
      ["/secrets", 200],
    ]);
  });

  it("exits 1 when a mirrored secret is within the warning window", async () => {
    const { code, stdout } = await checkExpiry([
      ...vault(),
      "--secret-name",
      "contoso",
      "--secret-name",
      "fabrikam",
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `${new URL(standIn.url).host}/fabrikam: the client secret in the vault expires in 12 days (2027-03-13T00:00:00.000Z)`,
    );
  });

  it("exits 2 with one JSON document when a mirrored secret has expired or is missing", async () => {
    const { code, stdout } = await checkExpiry([
      ...vault(),
      "--secret-name",
      "tailspin",
      "--secret-name",
      "nobody",
      "--json",
    ]);
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as ExpiryReport;
    expect(
      report.tenants.map((tenant) => [tenant.status, tenant.clientId, tenant.currentSecret?.keyId]),
    ).toEqual([
      ["expired", APP, "key-c"],
      ["invalid", null, undefined],
    ]);
    expect(report.tenants[1]?.findings).toEqual([
      'the vault has no secret named "nobody": check --secret-name against `pulumi stack output keyVault` ' +
        "(secretName) and that the stack's Key Vault mirror is configured",
    ]);
  });

  it("exits 2 naming the role when the checking identity may not list the vault", async () => {
    standIn.keyVault.allowReaders([APP]);
    try {
      const { code, stdout } = await checkExpiry([...vault(), "--secret-name", "contoso", "--json"]);
      expect(code).toBe(2);
      const [finding] = (JSON.parse(stdout) as ExpiryReport).tenants[0]?.findings ?? [];
      expect(finding).toContain("the vault refused to list secrets (403)");
      expect(finding).toContain('"Key Vault Reader"');
    } finally {
      standIn.keyVault.allowReaders([READER]);
    }
  });

  it("refuses a vault without a secret name", async () => {
    const { code, stderr } = await checkExpiry(vault());
    expect(code).toBe(2);
    expect(stderr).toContain("--key-vault-url and --secret-name go together");
  });
});
