import { isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";
import { COMMON_COUNTRY_CODE_MISTAKES, GUID_PATTERN, ISO_3166_ALPHA2, NIL_GUID } from "../sync/contract";
import { describe, explain, setCommand, text } from "./configFields";

/** The schemas of the single-value settings; config.ts puts them together and checks them against each other. */

export const DEFAULT_DISPLAY_NAME = "ROGER365.io Azure Entra replicator";

export const issue = (ctx: z.core.$RefinementCtx, message: string, path: string[] = []) =>
  ctx.addIssue({ code: "custom", message, path });

export const displayName = text((key) => setCommand(key, `"${DEFAULT_DISPLAY_NAME}"`))
  .transform((name) => name ?? DEFAULT_DISPLAY_NAME)
  .superRefine((name, ctx) => {
    if (name === "" || name.length > 256) {
      issue(
        ctx,
        explain(
          name === ""
            ? "is empty."
            : `is ${name.length} characters long; Microsoft Entra allows at most 256 for an app registration name.`,
          setCommand("displayName", `"${DEFAULT_DISPLAY_NAME}"`),
        ),
      );
    }
  });

export const countryCode = text((key) => setCommand(key, "DE")).transform((raw, ctx) => {
  const refuse = (problem: string, fix: string) => {
    issue(ctx, explain(problem, fix));
    return z.NEVER;
  };
  if (raw === undefined || raw === "") {
    return refuse(
      "is missing: it is the ISO 3166-1 alpha-2 code of the country whose local phone numbers carry no country prefix (ROGER365's default country).",
      setCommand("countryCode", "DE"),
    );
  }
  const code = raw.toUpperCase();
  const meant = COMMON_COUNTRY_CODE_MISTAKES[code];
  if (meant !== undefined) {
    return refuse(`is "${raw}", which is not an ISO 3166-1 alpha-2 code.`, setCommand("countryCode", meant));
  }
  if (!ISO_3166_ALPHA2.has(code)) {
    return refuse(
      `is "${raw}", not an ISO 3166-1 alpha-2 country code (two letters, e.g. DE, GB, US).`,
      setCommand("countryCode", "<two-letter code>"),
    );
  }
  if (!isSupportedCountry(code)) {
    return refuse(
      `is "${code}", a territory without its own telephone numbering plan, so local numbers cannot be interpreted.`,
      "set the country whose numbering plan your users' local numbers follow.",
    );
  }
  return code;
});

const DEPLOYER_FIX =
  "pulumi config set deployerObjectId $(az ad sp show --id <deployer app's client id> --query id -o tsv) " +
  "(signed in to the customer tenant: the deployer's service principal there).";

/** Required: owners must not follow whoever runs `pulumi up` (azuread's client config). */
export function deployerObjectId() {
  const notAnId = (input: unknown) =>
    input === undefined || input === null || input === ""
      ? "is missing: it is the object id of the pipeline's deployer service principal in this tenant, which owns the app whoever runs `pulumi up`."
      : `is ${describe(input)}, not an object id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301).`;
  return z.preprocess(
    (value) => (typeof value === "string" ? value.trim() : value),
    z
      .string({ error: (problem) => explain(notAnId(problem.input), DEPLOYER_FIX) })
      .refine((id) => GUID_PATTERN.test(id) && id !== NIL_GUID, {
        error: (problem) => explain(notAnId(problem.input), DEPLOYER_FIX),
      })
      .transform((id) => id.toLowerCase()),
  );
}

/**
 * The azuread provider's import id of an app role assignment (terraform-provider-azuread v3,
 * app_role_assignment_resource.go: stable.NewServicePrincipalIdAppRoleAssignedToID).
 */
export const APP_ROLE_ASSIGNMENT_IMPORT_ID = new RegExp(
  `^/servicePrincipals/${GUID_PATTERN.source.slice(1, -1)}/appRoleAssignedTo/[A-Za-z0-9_-]{20,}$`,
  "i",
);

export function existingAdminConsentId() {
  const fix =
    "pulumi config set existingAdminConsentId /servicePrincipals/<resourceId>/appRoleAssignedTo/<id> with the resourceId and id that " +
    "`az rest --url https://graph.microsoft.com/v1.0/servicePrincipals/<servicePrincipalObjectId>/appRoleAssignments` lists for appRoleId df021288-bdef-4463-88db-98f22de89214 (docs/OPERATIONS.md).";
  return text(() => fix).refine((id) => id === undefined || APP_ROLE_ASSIGNMENT_IMPORT_ID.test(id), {
    error: (problem) =>
      explain(
        `is ${describe(problem.input)}, not an app role assignment id (/servicePrincipals/<Graph's service principal object id>/appRoleAssignedTo/<assignment id>).`,
        fix,
      ),
  });
}

/** `YYYY-MM-DD`, not after `now`; a YAML 1.1 parser may hand over a Date. */
export function rotationAnchor(now: Date) {
  const key = "secretRotationAnchor";
  const today = now.toISOString().slice(0, 10);
  const fix = setCommand(key, today);
  return z.unknown().transform((value, ctx) => {
    const raw =
      value instanceof Date ? value.toISOString() : typeof value === "string" ? value.trim() : value;
    if (raw === undefined || raw === null || raw === "") {
      issue(
        ctx,
        explain(
          "is missing: it fixes the calendar of the secret rotation windows, so every `pulumi up` computes the same secrets.",
          `${fix} (today, UTC; any past date works).`,
        ),
      );
      return z.NEVER;
    }
    const match =
      typeof raw === "string" ? /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00(?:\.000)?Z)?$/.exec(raw) : null;
    const date = match ? new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : undefined;
    const day = typeof raw === "string" ? raw.slice(0, 10) : "";
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
      issue(ctx, explain(`is ${describe(value)}, not a calendar date written YYYY-MM-DD.`, fix));
      return z.NEVER;
    }
    if (date.getTime() > now.getTime()) {
      issue(
        ctx,
        explain(
          `is ${day}, which is in the future (today is ${today} UTC): the schedule has no window yet.`,
          `${fix} or any earlier date.`,
        ),
      );
      return z.NEVER;
    }
    return day;
  });
}
