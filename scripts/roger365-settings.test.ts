import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SCRIPT = join(__dirname, "roger365-settings.ts");
const TSX_CLI = require.resolve("tsx/cli");
const SECRET = "Xy78Q~fAkEsEcReTvAlUe0123456789abcdefGHIJ";

/** What `pulumi stack output --json --show-secrets` prints for a deployed stack. */
const showSecretsOutputs = {
  tenantId: "aaaaaaaa-0000-4000-8000-000000000001",
  clientId: "bbbbbbbb-0000-4000-8000-000000000002",
  clientSecret: SECRET,
  clientSecretExpiresAt: "2027-04-26T00:00:00Z",
  clientSecretKeyId: "dddddddd-0000-4000-8000-000000000002",
  nextRotationAt: "2026-12-27T00:00:00Z",
  countryCode: "DE",
  roger365: {
    Name: "ROGER365.io Azure Entra replicator",
    Type: "MicrosoftEntra",
    "Tenant Id": "aaaaaaaa-0000-4000-8000-000000000001",
    "Client id": "bbbbbbbb-0000-4000-8000-000000000002",
    "Client Secret": SECRET,
    "Contact URL": "",
    "Country Code": "DE",
  },
};

/** The same stack printed without --show-secrets. */
const maskedOutputs = {
  ...showSecretsOutputs,
  clientSecret: "[secret]",
  roger365: { ...showSecretsOutputs.roger365, "Client Secret": "[secret]" },
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "roger365-settings-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

function run(args: string[], stdin?: string) {
  const result = spawnSync(process.execPath, [TSX_CLI, SCRIPT, ...args], {
    input: stdin ?? "",
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("roger365-settings", () => {
  it("prints the form table from a file with the secret masked", () => {
    const result = run(["--file", fixture("outputs.json", showSecretsOutputs)]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      [
        "ROGER365.io → CRM replicator → new connection:",
        "",
        "  Name            ROGER365.io Azure Entra replicator",
        "  Type            MicrosoftEntra",
        "  Tenant Id       aaaaaaaa-0000-4000-8000-000000000001",
        "  Client id       bbbbbbbb-0000-4000-8000-000000000002",
        "  Client Secret   Xy7•••   (masked: add --show-secret to print it)",
        "  Contact URL     (leave blank)",
        "  Country Code    DE",
        "",
        "This client secret expires on 2027-04-26 (UTC).",
        "A new client secret is issued by the first `pulumi up` on or after 2026-12-27: then run this",
        "command again and paste the new secret. The current one keeps working until the rotation after that.",
        "",
      ].join("\n"),
    );
    expect(result.stdout).not.toContain(SECRET.slice(3));
  });

  it("reads stdin and prints the secret only when asked", () => {
    const result = run(["--show-secret"], JSON.stringify(showSecretsOutputs));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`  Client Secret   ${SECRET}\n`);
    expect(result.stdout).not.toContain("masked");
  });

  it("prints the form as JSON with exactly the form's labels, masked by default", () => {
    const masked = run(["--json", "--file", fixture("outputs.json", showSecretsOutputs)]);
    expect(masked.status).toBe(0);
    expect(JSON.parse(masked.stdout)).toEqual({ ...showSecretsOutputs.roger365, "Client Secret": "Xy7•••" });
    expect(masked.stdout).not.toContain(SECRET.slice(3));

    const revealed = run(["--json", "--show-secret"], JSON.stringify(showSecretsOutputs));
    expect(JSON.parse(revealed.stdout)).toEqual(showSecretsOutputs.roger365);
  });

  it("says --show-secrets was forgotten when the secret is masked by Pulumi", () => {
    const result = run([], JSON.stringify(maskedOutputs));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'roger365-settings: stack output roger365["Client Secret"] in stdin is "[secret]": the outputs were printed without --show-secrets. Fix: run `pulumi stack output --json --show-secrets`.\n',
    );
  });

  it("names a missing output and the fix", () => {
    const { roger365: _form, ...withoutForm } = showSecretsOutputs;
    const path = fixture("old-stack.json", withoutForm);
    const result = run(["--file", path]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `roger365-settings: stack output roger365["Client Secret"] is missing from ${path}. Fix: run \`pulumi up\` with this project's program for the stack, then \`pulumi stack output --json --show-secrets\`.\n`,
    );
    expect(result.stderr).not.toContain(SECRET);
  });

  it("refuses input that is not JSON without echoing it", () => {
    const result = run([], `clientSecret: ${SECRET}`);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "roger365-settings: stdin is not JSON. Fix: pass the output of `pulumi stack output --json --show-secrets` unchanged (with --json).\n",
    );
  });

  it("names an unreadable file and how to create it", () => {
    const path = join(dir, "missing.json");
    const result = run(["--file", path]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `roger365-settings: cannot read ${path} (ENOENT). Fix: save the outputs with \`pulumi stack output --json --show-secrets > ${path}\`, or pipe them in.\n`,
    );
  });
});
