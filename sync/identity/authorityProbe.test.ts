import { ClientSecretCredential } from "@azure/identity";
import { startStandIn, type StandIn } from "../../standin";
import { doctor } from "../api/doctor";
import { diagnoseCredentialError, probeAuthority } from "./authorityProbe";
import { ExitCode } from "../errors";
import type { EndpointContext } from "./identityErrors";
import { sendJson, startLoopbackHttps } from "../testing/loopbackHttps";

const TENANT = "6d3f2b1a-0c9e-4f8d-a7b6-5e4d3c2b1a09";
const CLIENT = "1a2b3c4d-5e6f-4a8b-9c0d-e1f2a3b4c5d6";
const SECRET = "Zx48Q~probeSecretThatMustNotLeak.abcdefghijk";
const UNKNOWN_TENANT = "deadbeef-0000-4000-8000-000000000000";

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET });
});
afterAll(() => standIn.close());

const contextFor = (authorityHost: string, tenantId = TENANT): EndpointContext => ({
  tenantId,
  clientId: CLIENT,
  authorityHost,
  graphEndpoint: "https://graph.microsoft.com",
});

async function tokenFailure(authorityHost: string, tenantId: string): Promise<unknown> {
  const credential = new ClientSecretCredential(tenantId, CLIENT, SECRET, {
    authorityHost,
    disableInstanceDiscovery: true,
  });
  return credential.getToken("https://graph.microsoft.com/.default").then(
    () => {
      throw new Error("expected getToken to fail");
    },
    (error: unknown) => error,
  );
}

describe("probeAuthority", () => {
  it("is satisfied by an authority that serves the tenant's metadata", async () => {
    expect(await probeAuthority(contextFor(standIn.authorityHost))).toBeNull();
  });

  it("an unknown tenant: AADSTS90002 names the tenant id", async () => {
    const diagnosis = await probeAuthority(contextFor(standIn.authorityHost, UNKNOWN_TENANT));
    expect(diagnosis?.toJSON()).toEqual({
      code: "tenant-not-found",
      field: "tenantId",
      exitCode: ExitCode.Authentication,
      message: `Tenant "${UNKNOWN_TENANT}" was not found at ${standIn.authorityHost} (AADSTS90002).`,
      fix: expect.stringContaining("AZURE_TENANT_ID / --tenant-id"),
    });
  });

  it("an authority that is not listening: the URL and connection refused", async () => {
    const closed = await startLoopbackHttps(() => undefined);
    await closed.close();
    const diagnosis = await probeAuthority(contextFor(closed.url));
    expect(diagnosis?.message).toBe(
      `Cannot reach the authority ${closed.url}/${TENANT}/v2.0/.well-known/openid-configuration: connection refused: nothing is listening at that address (ECONNREFUSED).`,
    );
    expect(diagnosis?.field).toBe("authorityHost");
  });

  it("a host that is not an authority: the status it answered", async () => {
    const notAnAuthority = await startLoopbackHttps((_request, response) => sendJson(response, 404, {}));
    try {
      const diagnosis = await probeAuthority(contextFor(notAnAuthority.url));
      expect(diagnosis?.code).toBe("authority-unreachable");
      expect(diagnosis?.message).toBe(
        `The authority ${notAnAuthority.url}/${TENANT}/v2.0/.well-known/openid-configuration answered HTTP 404 instead of its OpenID metadata.`,
      );
    } finally {
      await notAnAuthority.close();
    }
  });

  it("an authority that never answers: timed out", async () => {
    const silent = await startLoopbackHttps(() => undefined);
    try {
      const diagnosis = await probeAuthority(contextFor(silent.url), { timeoutMs: 200 });
      expect(diagnosis?.message).toMatch(/: no answer within the time limit\.$/);
    } finally {
      await silent.close();
    }
  });
});

describe("diagnoseCredentialError", () => {
  it("turns MSAL's endpoints_resolution_error for an unknown tenant into tenant-not-found", async () => {
    const context = contextFor(standIn.authorityHost, UNKNOWN_TENANT);
    const diagnosis = await diagnoseCredentialError(
      await tokenFailure(standIn.authorityHost, UNKNOWN_TENANT),
      context,
    );
    expect(diagnosis?.code).toBe("tenant-not-found");
  });

  it("keeps a precise explanation without probing", async () => {
    standIn.setClientSecret("Ab18Q~rotatedSecretValue.abcdefghijklmnopq");
    try {
      const diagnosis = await diagnoseCredentialError(
        await tokenFailure(standIn.authorityHost, TENANT),
        contextFor(standIn.authorityHost),
      );
      expect(diagnosis?.code).toBe("client-secret-invalid");
    } finally {
      standIn.setClientSecret(SECRET);
    }
  });

  it("returns null for what it does not recognise", async () => {
    expect(
      await diagnoseCredentialError(new Error("disk full"), contextFor(standIn.authorityHost)),
    ).toBeNull();
  });
});

describe("doctor", () => {
  it("names an unknown tenant as such, not as an unreachable host", async () => {
    const report = await doctor({
      tenantId: UNKNOWN_TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
      authorityHost: standIn.authorityHost,
      graphEndpoint: standIn.graphEndpoint,
      env: {},
    });
    const token = report.checks.find((check) => check.name === "token");
    expect({ ok: report.ok, exitCode: report.exitCode }).toEqual({
      ok: false,
      exitCode: ExitCode.Authentication,
    });
    expect(token?.detail).toBe(
      `Tenant "${UNKNOWN_TENANT}" was not found at ${standIn.authorityHost} (AADSTS90002).`,
    );
    expect(token?.fix).toContain("AZURE_TENANT_ID / --tenant-id");
  });
});
