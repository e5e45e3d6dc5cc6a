import { evaluateVaultSecretExpiry, type VaultSecretReading } from "./expiryKeyVault";

const NOW = new Date("2027-03-01T00:00:00Z");
const DAY = 86_400_000;
const VAULT = "https://kv-contoso.vault.azure.net";

function reading(properties: Partial<NonNullable<VaultSecretReading["properties"]>>): VaultSecretReading {
  return {
    vaultUrl: VAULT,
    secretName: "contoso",
    properties: { enabled: true, expiresOn: null, tags: { clientId: "app", keyId: "key" }, ...properties },
  };
}

describe("evaluateVaultSecretExpiry", () => {
  it.each([
    ["far from expiry", { expiresOn: new Date(NOW.getTime() + 31 * DAY) }, "fine", 31],
    ["exactly at the warning window", { expiresOn: new Date(NOW.getTime() + 30 * DAY) }, "warning", 30],
    ["within the window", { expiresOn: new Date(NOW.getTime() + DAY / 2) }, "warning", 0],
    ["expiring this instant", { expiresOn: NOW }, "expired", 0],
    ["expired", { expiresOn: new Date(NOW.getTime() - 3 * DAY) }, "expired", -3],
    ["disabled", { enabled: false, expiresOn: new Date(NOW.getTime() + 90 * DAY) }, "invalid", 90],
    ["without an expiry date", {}, "invalid", null],
  ] as const)("%s", (_case, properties, status, daysLeft) => {
    const tenant = evaluateVaultSecretExpiry(reading(properties), NOW, 30);
    expect(tenant.status).toBe(status);
    expect(tenant.currentSecret?.daysLeft ?? null).toBe(daysLeft);
    expect(tenant.findings).toHaveLength(status === "fine" ? 0 : 1);
    expect([tenant.stack, tenant.clientId, tenant.currentSlot, tenant.nextRotationAt]).toEqual([
      "kv-contoso.vault.azure.net/contoso",
      "app",
      null,
      null,
    ]);
  });

  it("a reading that failed is invalid with its reason as the finding", () => {
    const tenant = evaluateVaultSecretExpiry(
      { vaultUrl: VAULT, secretName: "gone", readError: 'the vault has no secret named "gone"' },
      NOW,
      30,
    );
    expect(tenant).toEqual({
      stack: "kv-contoso.vault.azure.net/gone",
      status: "invalid",
      tenantId: null,
      clientId: null,
      currentSlot: null,
      currentSecret: null,
      slots: { a: null, b: null },
      nextRotationAt: null,
      daysUntilRotation: null,
      findings: ['the vault has no secret named "gone"'],
    });
  });
});
