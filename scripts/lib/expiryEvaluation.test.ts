import { evaluateExpiry, evaluateTenantExpiry, type StackOutputsDocument } from "./expiryEvaluation";
import { FIXTURE_SECRET, stackOutputsFixture } from "./expiryFixtures";

const NOW = new Date("2027-03-01T00:00:00.000Z");

const fine = stackOutputsFixture({
  slotAExpiresAt: "2027-07-01T00:00:00.000Z",
  slotBExpiresAt: "2027-04-15T00:00:00.000Z",
  nextRotationAt: "2027-04-01T00:00:00.000Z",
});
const warning = stackOutputsFixture({
  slotAExpiresAt: "2027-03-20T12:00:00.000Z",
  slotBExpiresAt: "2027-02-01T00:00:00.000Z",
  nextRotationAt: "2027-03-10T00:00:00.000Z",
});
const expired = stackOutputsFixture({
  slotAExpiresAt: "2027-01-01T00:00:00.000Z",
  slotBExpiresAt: "2027-02-28T00:00:00.000Z",
  nextRotationAt: "2026-12-01T00:00:00.000Z",
  current: "b",
});

const doc = (stack: string, outputs: unknown): StackOutputsDocument => ({ stack, outputs });

describe("evaluateTenantExpiry", () => {
  it("reports a healthy tenant in full", () => {
    expect(evaluateTenantExpiry(doc("contoso", fine), NOW, 30)).toEqual({
      stack: "contoso",
      status: "fine",
      tenantId: "00000000-0000-4000-8000-000000000001",
      clientId: "11111111-1111-4111-8111-000000000002",
      currentSlot: "a",
      currentSecret: {
        keyId: "aaaaaaaa-1111-4111-8111-111111111111",
        expiresAt: "2027-07-01T00:00:00.000Z",
        daysLeft: 122,
      },
      slots: {
        a: {
          keyId: "aaaaaaaa-1111-4111-8111-111111111111",
          expiresAt: "2027-07-01T00:00:00.000Z",
          daysLeft: 122,
        },
        b: {
          keyId: "bbbbbbbb-2222-4222-8222-222222222222",
          expiresAt: "2027-04-15T00:00:00.000Z",
          daysLeft: 45,
        },
      },
      nextRotationAt: "2027-04-01T00:00:00.000Z",
      daysUntilRotation: 31,
      findings: [],
    });
  });

  it.each([
    ["inside the window", "2027-03-20T12:00:00.000Z", 30, "warning"],
    ["exactly at the window's edge", "2027-03-31T00:00:00.000Z", 30, "warning"],
    ["one second outside the window", "2027-03-31T00:00:01.000Z", 30, "fine"],
    ["inside a narrower window", "2027-03-20T12:00:00.000Z", 19, "fine"],
    ["with a zero-day window", "2027-03-01T00:00:01.000Z", 0, "fine"],
    ["at the instant it expires", "2027-03-01T00:00:00.000Z", 30, "expired"],
  ])("classifies a current secret %s", (_case, currentExpiresAt, warnDays, status) => {
    const outputs = stackOutputsFixture({
      slotAExpiresAt: currentExpiresAt,
      slotBExpiresAt: "2027-02-01T00:00:00.000Z",
      nextRotationAt: "2027-03-10T00:00:00.000Z",
    });
    expect(evaluateTenantExpiry(doc("contoso", outputs), NOW, warnDays).status).toBe(status);
  });

  it("warns within the window, naming the days left and the fix", () => {
    const tenant = evaluateTenantExpiry(doc("fabrikam", warning), NOW, 30);
    expect(tenant.status).toBe("warning");
    expect(tenant.currentSecret?.daysLeft).toBe(19);
    expect(tenant.findings).toEqual([
      "the current client secret expires in 19 days (2027-03-20T12:00:00.000Z), within the 30-day warning window: " +
        "rotation has stalled. Run `pulumi up --stack fabrikam` and fix the scheduled pipeline for this stack",
    ]);
  });

  it("warns when the rotation is overdue even though the secret is far from expiry", () => {
    const overdue = { ...fine, nextRotationAt: "2027-02-27T00:00:00.000Z" };
    const tenant = evaluateTenantExpiry(doc("contoso", overdue), NOW, 30);
    expect(tenant.status).toBe("warning");
    expect(tenant.daysUntilRotation).toBe(-2);
    expect(tenant.findings).toEqual([
      "rotation is overdue since 2027-02-27T00:00:00.000Z: no `pulumi up` has run for this stack since then. " +
        "Run `pulumi up --stack contoso` and check the scheduled pipeline",
    ]);
  });

  it.each([
    ["less than a day ago (the daily run may still come)", "2027-02-28T00:00:01.000Z", "fine"],
    ["exactly a day ago", "2027-02-28T00:00:00.000Z", "warning"],
  ])("counts a rotation due %s", (_case, nextRotationAt, status) => {
    expect(evaluateTenantExpiry(doc("contoso", { ...fine, nextRotationAt }), NOW, 30).status).toBe(status);
  });

  it("reports an expired current secret as expired with the fix", () => {
    const tenant = evaluateTenantExpiry(doc("tailspin", expired), NOW, 30);
    expect(tenant.status).toBe("expired");
    expect(tenant.currentSlot).toBe("b");
    expect(tenant.currentSecret).toEqual({
      keyId: "bbbbbbbb-2222-4222-8222-222222222222",
      expiresAt: "2027-02-28T00:00:00.000Z",
      daysLeft: -1,
    });
    expect(tenant.findings).toEqual([
      "the current client secret expired on 2027-02-28T00:00:00.000Z: the tenant's connection is broken. " +
        "Run `pulumi up --stack tailspin` now, then paste the new secret into ROGER365 (`npm run roger365-settings`)",
    ]);
  });

  it("reports every missing output by name with the fix", () => {
    const tenant = evaluateTenantExpiry(doc("new-tenant", {}), NOW, 30);
    const fix =
      "run `pulumi up --stack new-tenant` (outputs appear after the first successful update), " +
      "then pass `pulumi stack output --json --stack new-tenant`";
    expect(tenant.status).toBe("invalid");
    expect(tenant.findings).toEqual(
      [
        "tenantId",
        "clientId",
        "clientSecretKeyId",
        "clientSecretExpiresAt",
        "nextRotationAt",
        "secretSlotAKeyId",
        "secretSlotAExpiresAt",
        "secretSlotBKeyId",
        "secretSlotBExpiresAt",
      ].map((name) => `output "${name}" is missing: ${fix}`),
    );
    expect(tenant.currentSecret).toBeNull();
  });

  it("is invalid when one output is missing, even if the current secret is healthy", () => {
    const { nextRotationAt: _dropped, ...withoutRotation } = fine;
    const tenant = evaluateTenantExpiry(doc("contoso", withoutRotation), NOW, 30);
    expect(tenant.status).toBe("invalid");
    expect(tenant.currentSecret?.daysLeft).toBe(122);
    expect(tenant.findings).toEqual([
      'output "nextRotationAt" is missing: run `pulumi up --stack contoso` (outputs appear after the first ' +
        "successful update), then pass `pulumi stack output --json --stack contoso`",
    ]);
  });

  it.each([
    [
      "a secret placeholder",
      { ...fine, clientSecretExpiresAt: "[secret]" },
      'output "clientSecretExpiresAt" is a secret in this stack: it must be a plain output; update the program and run `pulumi up --stack s`',
    ],
    [
      "an unparseable date",
      { ...fine, secretSlotBExpiresAt: "next spring" },
      'output "secretSlotBExpiresAt" is not an ISO 8601 date-time: run `pulumi up --stack s` (outputs appear after the first successful update), then pass `pulumi stack output --json --stack s`',
    ],
    [
      "a number where a string belongs",
      { ...fine, clientSecretKeyId: 42 },
      'output "clientSecretKeyId" is a number, expected a string: run `pulumi up --stack s` (outputs appear after the first successful update), then pass `pulumi stack output --json --stack s`',
    ],
    [
      "a current key id that matches no slot",
      { ...fine, clientSecretKeyId: "cccccccc-3333-4333-8333-333333333333" },
      'output "clientSecretKeyId" matches neither secret slot: the outputs are inconsistent; run `pulumi up --stack s`',
    ],
    [
      "a document that is not an object",
      ["not", "outputs"],
      "the stack outputs are not a JSON object: pass the output of `pulumi stack output --json`",
    ],
  ])("is invalid for %s, without echoing the value", (_case, outputs, finding) => {
    const tenant = evaluateTenantExpiry(doc("s", outputs), NOW, 30);
    expect(tenant.status).toBe("invalid");
    expect(tenant.findings).toEqual([finding]);
  });

  it("passes a read error through as the only finding", () => {
    const tenant = evaluateTenantExpiry(
      { stack: "gone", readError: "cannot read gone.json (ENOENT)" },
      NOW,
      30,
    );
    expect(tenant.status).toBe("invalid");
    expect(tenant.findings).toEqual(["cannot read gone.json (ENOENT)"]);
  });
});

describe("evaluateExpiry over many stacks", () => {
  it.each([
    [[], "fine", 0],
    [[fine, fine], "fine", 0],
    [[fine, warning], "warning", 1],
    [[warning, expired, fine], "expired", 2],
    [[fine, {}], "invalid", 2],
    [[expired, {}], "invalid", 2],
  ])("the worst stack decides (%#)", (outputs, status, exitCode) => {
    const report = evaluateExpiry(
      outputs.map((o, i) => doc(`stack-${i}`, o)),
      NOW,
      30,
    );
    expect([report.status, report.exitCode]).toEqual([status, exitCode]);
    expect(report.tenants.map((t) => t.stack)).toEqual(outputs.map((_o, i) => `stack-${i}`));
  });

  it("records when and with which window it checked", () => {
    const report = evaluateExpiry([doc("contoso", fine)], NOW, 130);
    expect([report.checkedAt, report.warnDays]).toEqual(["2027-03-01T00:00:00.000Z", 130]);
    expect(report.tenants[0]?.status).toBe("warning");
  });

  it("never carries the secret, even from --show-secrets outputs", () => {
    const report = evaluateExpiry(
      [doc("a", fine), doc("b", warning), doc("c", expired), doc("d", { clientSecret: FIXTURE_SECRET })],
      NOW,
      30,
    );
    expect(JSON.stringify(report)).not.toContain(FIXTURE_SECRET);
  });

  it.each([-1, 1.5, Number.NaN])("rejects a warning window of %p", (warnDays) => {
    expect(() => evaluateExpiry([], NOW, warnDays)).toThrow(
      new RangeError(`warnDays must be a whole number of days ≥ 0, got ${warnDays}`),
    );
  });
});
