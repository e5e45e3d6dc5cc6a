import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chooseTenant } from "./tenantChoice";

const CONTOSO = "5f0d7c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f";
const FABRIKAM = "11111111-2222-4333-8444-555555555555";
let dir: string;
let fleet: string;
let single: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenant-choice-"));
  const entry = { clientId: CONTOSO, clientSecretEnv: "S", country: "NL" };
  fleet = path.join(dir, "fleet.yaml");
  fs.writeFileSync(
    fleet,
    JSON.stringify({
      store: "shared.db",
      tenants: [
        { ...entry, name: "contoso", tenantId: CONTOSO },
        { ...entry, name: "fabrikam", tenantId: FABRIKAM },
      ],
    }),
  );
  single = path.join(dir, "single.yaml");
  fs.writeFileSync(single, JSON.stringify({ tenants: [{ ...entry, name: "contoso", tenantId: CONTOSO }] }));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("chooseTenant", () => {
  it("passes an id through, defaulting to AZURE_TENANT_ID, without a fleet file", async () => {
    expect(await chooseTenant({ tenant: CONTOSO.toUpperCase() }, {})).toEqual({
      tenantId: CONTOSO,
      storeLocation: undefined,
    });
    expect(await chooseTenant({}, { AZURE_TENANT_ID: FABRIKAM })).toEqual({
      tenantId: FABRIKAM,
      storeLocation: undefined,
    });
    expect(await chooseTenant({}, {})).toEqual({ tenantId: undefined, storeLocation: undefined });
  });

  it("resolves a fleet name or id through the fleet file, whose store it reads", async () => {
    const storeLocation = path.join(dir, "shared.db");
    expect(await chooseTenant({ fleet, tenant: "fabrikam" }, {})).toEqual({
      tenantId: FABRIKAM,
      storeLocation,
    });
    expect(await chooseTenant({ fleet, tenant: CONTOSO }, {})).toEqual({ tenantId: CONTOSO, storeLocation });
    expect(await chooseTenant({ fleet }, { AZURE_TENANT_ID: FABRIKAM })).toMatchObject({
      tenantId: FABRIKAM,
    });
    expect(await chooseTenant({ fleet: single }, {})).toMatchObject({ tenantId: CONTOSO });
  });

  it("lists the fleet's tenants when the choice is ambiguous or unknown", async () => {
    await expect(chooseTenant({ fleet }, {})).rejects.toThrow(
      expect.objectContaining({
        code: "tenant-ambiguous",
        message: `The fleet ${fleet} has 2 tenants: contoso (${CONTOSO}), fabrikam (${FABRIKAM}). Which one is meant?`,
      }),
    );
    await expect(chooseTenant({ fleet, tenant: "tailspin" }, {})).rejects.toThrow(
      expect.objectContaining({
        code: "tenant-unknown",
        field: "--tenant",
        message: expect.stringContaining("has no tenant 'tailspin'"),
      }),
    );
  });

  it("says a name needs the fleet file", async () => {
    await expect(chooseTenant({ tenant: "contoso" }, {})).rejects.toThrow(
      expect.objectContaining({ code: "tenant-name-without-fleet", exitCode: 2 }),
    );
  });
});
