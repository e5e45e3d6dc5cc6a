import type {
  CredentialSettings,
  EndpointSettings,
  SettingsInput,
  SettingsResolver,
} from "../config/settings";
import { settingsFromOptions } from "../config/sources";
import { ExitCode, type ExitCodeValue, ReplicatorError } from "../errors";
import { adminConsentUrl } from "../identity/identityErrors";
import { diagnoseCredentialError } from "../identity/authorityProbe";
import { explainRunError } from "../engine/runSync";
import { connectToGraph } from "../graph/graphClient";
import { decodeTokenRoles, grantsUserRead, USER_READ_PERMISSIONS } from "../graph/tokenRoles";

export interface DoctorCheck {
  name: "configuration" | "token" | "permission" | "read-users";
  ok: boolean;
  /** What was found (on success) or what is wrong (on failure). */
  detail: string;
  /** How to fix a failed check; null when it passed or was skipped. */
  fix: string | null;
  /** A check that could not run because an earlier one failed. */
  skipped: boolean;
}

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
  /** The exit code of the first failure (0 when every check passed). */
  exitCode: ExitCodeValue;
}

export interface DoctorOptions extends SettingsInput {
  env?: NodeJS.ProcessEnv;
}

/** Is this machine ready to sync? Configuration, a token, the User.Read.All role, and one real user read. */
export async function doctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  return doctorWithSettings(settingsFromOptions(options, options.env ?? process.env));
}

const CHECK_ORDER: DoctorCheck["name"][] = ["configuration", "token", "permission", "read-users"];

export async function doctorWithSettings(resolver: SettingsResolver): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  let exitCode: ExitCodeValue = ExitCode.Ok;
  const pass = (name: DoctorCheck["name"], detail: string) =>
    checks.push({ name, ok: true, detail, fix: null, skipped: false });
  const fail = (name: DoctorCheck["name"], error: ReplicatorError) => {
    checks.push({ name, ok: false, detail: error.message, fix: error.fix, skipped: false });
    if (exitCode === ExitCode.Ok) exitCode = error.exitCode;
    for (const later of CHECK_ORDER.slice(CHECK_ORDER.indexOf(name) + 1)) {
      checks.push({
        name: later,
        ok: false,
        detail: `Not checked: '${name}' failed.`,
        fix: null,
        skipped: true,
      });
    }
    return { ok: false, checks, exitCode };
  };

  let settings: EndpointSettings & CredentialSettings;
  try {
    settings = { ...resolver.endpoints(), ...resolver.credentials() };
  } catch (error) {
    return fail(
      "configuration",
      explainRunError(error, { tenantId: "", clientId: "", authorityHost: "", graphEndpoint: "" }),
    );
  }
  pass(
    "configuration",
    `tenant ${settings.tenantId}, app ${settings.clientId}, authority ${settings.authorityHost}, Graph ${settings.graphEndpoint}` +
      (typeof settings.clientSecret === "string"
        ? ""
        : `, secret from Key Vault ${settings.clientSecret.vaultUrl}/secrets/${settings.clientSecret.secretName}`),
  );

  const { client, credential, scope } = connectToGraph(settings);
  let roles: string[];
  try {
    const token = await credential.getToken(scope);
    if (token === null) throw new Error(`no token was issued for ${scope}`);
    roles = decodeTokenRoles(token.token);
  } catch (error) {
    // MSAL reports an unknown tenant and an unreachable authority alike; the probe asks which it is.
    return fail(
      "token",
      (await diagnoseCredentialError(error, settings)) ?? explainRunError(error, settings),
    );
  }
  pass("token", `got an app-only token for ${scope} from ${settings.authorityHost}`);

  if (!grantsUserRead(roles)) {
    return fail(
      "permission",
      new ReplicatorError({
        code: "permission-missing",
        message:
          `The token's roles are [${roles.join(", ")}]: none of ${USER_READ_PERMISSIONS.join(", ")} ` +
          "is granted, so Graph will refuse to list users.",
        fix: `Grant admin consent for Microsoft Graph User.Read.All (application permission): ${adminConsentUrl(settings)}`,
        exitCode: ExitCode.Permission,
      }),
    );
  }
  pass("permission", `roles: ${roles.join(", ")}`);

  try {
    const page = (await client.api("/users").select("id").top(1).get()) as { value?: unknown[] };
    pass("read-users", `read ${page.value?.length ?? 0} user from ${settings.graphEndpoint}/v1.0/users`);
  } catch (error) {
    return fail("read-users", explainRunError(error, settings));
  }
  return { ok: true, checks, exitCode };
}
