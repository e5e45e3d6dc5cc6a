import { isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";
import { GUID_PATTERN, ISO_3166_ALPHA2, NIL_GUID } from "../sync/contract";
import { APP_ROLE_ASSIGNMENT_IMPORT_ID } from "./configSettings";
import { MAX_SECRET_VALIDITY_DAYS } from "./config";

/**
 * The component checks its own arguments, so it is safe to reuse without this program's stack config
 * (whose validation, infra/config.ts, explains each problem as a `pulumi config set` fix). These
 * messages name the argument instead.
 */
export class EntraReplicatorArgsError extends Error {
  override readonly name = "EntraReplicatorArgsError";
}

const objectId = z
  .string({ error: "is missing or not text" })
  .refine((id) => GUID_PATTERN.test(id) && id !== NIL_GUID, "is not an object id (a GUID)");
const days = z.number().int("is not a whole number of days").min(1, "is less than 1 day");
const validDate = z.date({ error: "is not a valid date" });

const argsSchema = z
  .object({
    displayName: z.string().trim().min(1, "is empty").max(256, "is longer than 256 characters").optional(),
    countryCode: z
      .string()
      .refine(
        (code) => ISO_3166_ALPHA2.has(code) && isSupportedCountry(code),
        "is not an upper-case ISO 3166-1 alpha-2 code of a country with its own numbering plan",
      ),
    deployerObjectId: objectId,
    ownerObjectIds: z.array(objectId).optional(),
    grantAdminConsent: z.boolean().optional(),
    adminConsentImportId: z
      .string()
      .regex(APP_ROLE_ASSIGNMENT_IMPORT_ID, "is not /servicePrincipals/<object id>/appRoleAssignedTo/<id>")
      .optional(),
    secretRotation: z.object({
      anchor: validDate,
      rotationDays: days,
      validityDays: days.max(MAX_SECRET_VALIDITY_DAYS, `is more than ${MAX_SECRET_VALIDITY_DAYS} days`),
      overlapDays: days,
    }),
    now: validDate,
    keyVault: z
      .object({
        resourceGroupName: z.string().regex(/^[-\w.()]{0,89}[-\w()]$/, "is not a resource group name"),
        vaultName: z
          .string()
          .regex(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, "is not a Key Vault name"),
        secretName: z
          .string()
          .regex(/^[a-zA-Z0-9-]{1,127}$/, "is not a Key Vault secret name")
          .optional(),
        create: z.boolean(),
        location: z
          .string()
          .regex(/^[a-z][a-z0-9]*$/, "is not an Azure region name")
          .optional(),
        readerObjectIds: z.array(objectId),
      })
      .refine((vault) => !vault.create || vault.location !== undefined, {
        message: "is missing, and a created vault needs a region",
        path: ["location"],
      })
      .optional(),
    loginHost: z
      .string()
      .regex(/^[a-z0-9.-]+(?::\d+)?$/i, "is not a host name")
      .optional(),
  })
  .superRefine((args, ctx) => {
    const refuse = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const { anchor, rotationDays: p, validityDays: v, overlapDays: o } = args.secretRotation;
    if (v <= o) refuse(["secretRotation", "validityDays"], `is ${v}, not longer than overlapDays (${o})`);
    else if (p < o) refuse(["secretRotation", "rotationDays"], `is ${p}, shorter than overlapDays (${o})`);
    else if (v < 2 * p + 1) {
      refuse(["secretRotation", "validityDays"], `is ${v}, less than 2 × rotationDays + 1 (${2 * p + 1})`);
    }
    if (args.now.getTime() < anchor.getTime()) refuse(["now"], "is before secretRotation.anchor");
    if (args.adminConsentImportId !== undefined && args.grantAdminConsent === false) {
      refuse(["adminConsentImportId"], "is set, but grantAdminConsent is false");
    }
  });

/** Throws an EntraReplicatorArgsError naming the first bad argument, e.g. `args.secretRotation.validityDays`. */
export function validateEntraReplicatorArgs(name: string, args: unknown): void {
  const parsed = argsSchema.safeParse(args);
  if (parsed.success) return;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const path = ["args", ...issue.path.map(String)].join(".");
  throw new EntraReplicatorArgsError(`EntraReplicatorApp "${name}": ${path} ${issue.message}.`);
}
