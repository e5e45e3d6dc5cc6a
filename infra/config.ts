import { isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";
import { COMMON_COUNTRY_CODE_MISTAKES, ISO_3166_ALPHA2 } from "../sync/contract";
import {
  CONFIG_NAMESPACE,
  ConfigError,
  configErrorOf,
  describe,
  explain,
  flag,
  guidList,
  setCommand,
  text,
  wholeDays,
} from "./configFields";
import { KeyVaultConfig, keyVaultConfigSchema } from "./keyVaultConfig";
import type { SecretRotationPolicy } from "./secretSchedule";

export { CONFIG_NAMESPACE, ConfigError } from "./configFields";
export {
  defaultKeyVaultSecretName,
  KEY_VAULT_CONFIG_KEYS,
  LEGACY_KEY_VAULT_SECRET_NAME,
  type KeyVaultConfig,
} from "./keyVaultConfig";

export const DEFAULT_DISPLAY_NAME = "ROGER365.io Azure Entra replicator";
export const DEFAULT_SECRET_VALIDITY_DAYS = 180;
export const DEFAULT_SECRET_ROTATION_DAYS = 60;
export const DEFAULT_SECRET_OVERLAP_DAYS = 30;
/** Microsoft Entra refuses longer client secrets; tenant policies may be stricter. */
export const MAX_SECRET_VALIDITY_DAYS = 730;

export interface ReplicatorConfig {
  /** @default "ROGER365.io Azure Entra replicator" */
  displayName: string;
  /** ISO 3166-1 alpha-2, upper case: the country of local phone numbers without a country prefix. */
  countryCode: string;
  /** Owners besides the deploying principal, lower-case GUIDs, without duplicates. @default [] */
  ownerObjectIds: string[];
  /** @default true */
  grantAdminConsent: boolean;
  /** @default 180 */
  secretValidityDays: number;
  /** @default 60 */
  secretRotationDays: number;
  /** @default 30 */
  secretOverlapDays: number;
  /** `YYYY-MM-DD`, UTC: the first day of rotation window 0. */
  secretRotationAnchor: string;
  /** Absent → no Key Vault resources. */
  keyVault?: KeyVaultConfig;
}

export const CONFIG_KEYS = [
  "displayName",
  "countryCode",
  "ownerObjectIds",
  "grantAdminConsent",
  "secretValidityDays",
  "secretRotationDays",
  "secretOverlapDays",
  "secretRotationAnchor",
  "keyVault",
] as const;

const issue = (ctx: z.core.$RefinementCtx, message: string, path: string[] = []) =>
  ctx.addIssue({ code: "custom", message, path });

const displayName = text((key) => setCommand(key, `"${DEFAULT_DISPLAY_NAME}"`))
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

const countryCode = text((key) => setCommand(key, "DE")).transform((raw, ctx) => {
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

/** `YYYY-MM-DD`, not after `now`; a YAML 1.1 parser may hand over a Date. */
function rotationAnchor(now: Date) {
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

function replicatorConfigSchema(now: Date) {
  return z
    .strictObject(
      {
        displayName,
        countryCode,
        ownerObjectIds: guidList(
          "ownerObjectIds",
          "pulumi config set --path 'ownerObjectIds[0]' <object id> (Entra ID → Users → the user → Object ID).",
        ),
        grantAdminConsent: flag(true, (key) => setCommand(key, "true")),
        secretValidityDays: wholeDays("secretValidityDays", DEFAULT_SECRET_VALIDITY_DAYS, "180").refine(
          (days) => days <= MAX_SECRET_VALIDITY_DAYS,
          {
            error: (problem) =>
              explain(
                `is ${String(problem.input)}; Microsoft Entra accepts client secrets of at most ${MAX_SECRET_VALIDITY_DAYS} days (and tenant policies may allow less).`,
                setCommand("secretValidityDays", String(DEFAULT_SECRET_VALIDITY_DAYS)),
              ),
          },
        ),
        secretRotationDays: wholeDays("secretRotationDays", DEFAULT_SECRET_ROTATION_DAYS, "60"),
        secretOverlapDays: wholeDays("secretOverlapDays", DEFAULT_SECRET_OVERLAP_DAYS, "30"),
        secretRotationAnchor: rotationAnchor(now),
        keyVault: keyVaultConfigSchema,
      },
      {
        error: (problem) =>
          problem.code === "unrecognized_keys"
            ? explain(
                "is not a setting of this program.",
                `remove it or use one of ${CONFIG_KEYS.join(", ")}.`,
              )
            : undefined,
      },
    )
    .superRefine((config, ctx) => rotationRules(config, ctx));
}

/** The rotation settings against each other: see docs/OPERATIONS.md "Secret rotation" for why. */
function rotationRules(
  config: { secretValidityDays: number; secretRotationDays: number; secretOverlapDays: number },
  ctx: z.core.$RefinementCtx,
): void {
  const { secretValidityDays: validity, secretRotationDays: rotation, secretOverlapDays: overlap } = config;
  if (validity <= overlap) {
    issue(
      ctx,
      explain(
        `is ${validity}, not longer than secretOverlapDays (${overlap}): a new secret would expire before consumers had the overlap to switch to it.`,
        `set secretValidityDays to at least ${2 * Math.max(rotation, overlap)} or lower secretOverlapDays.`,
      ),
      ["secretValidityDays"],
    );
  } else if (rotation < overlap) {
    issue(
      ctx,
      explain(
        `is ${rotation}, shorter than secretOverlapDays (${overlap}): a slot would be replaced before its successor had been current for the overlap.`,
        `${setCommand("secretRotationDays", String(overlap))} or longer, or lower secretOverlapDays.`,
      ),
      ["secretRotationDays"],
    );
  } else if (validity < 2 * rotation + 1) {
    // A secret is current for one rotation period, then stays in its slot for another until the slot is
    // re-issued — and the daily run re-issues it hours after the window start at 00:00 UTC, not at it. So
    // it must outlive two periods plus a day, or it expires (and the expiry alarm fires) before its slot
    // is re-issued, and consumers get a few hours less than the overlap they were promised.
    issue(
      ctx,
      explain(
        `is ${validity}, less than twice secretRotationDays (${rotation}) plus one day: the previous secret would expire before the daily run re-issues its slot.`,
        `set secretValidityDays to at least ${2 * rotation + 1} (max ${MAX_SECRET_VALIDITY_DAYS}), or secretRotationDays to at most ${Math.floor((validity - 1) / 2)}.`,
      ),
      ["secretValidityDays"],
    );
  }
}

/**
 * Validates the stack config (keys without the `entra-replicator:` prefix) before any resource is
 * declared. Values may be YAML types or the strings Pulumi passes to a program. `now` decides whether
 * the rotation anchor is in the future.
 */
export function validateReplicatorConfig(raw: unknown, now: Date): ReplicatorConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(
      "countryCode",
      "is missing: the stack has no entra-replicator config.",
      setCommand("countryCode", "DE"),
    );
  }
  const parsed = replicatorConfigSchema(now).safeParse(raw);
  if (!parsed.success) throw configErrorOf(parsed.error, CONFIG_KEYS);
  const { keyVault, ...rest } = parsed.data;
  return { ...rest, ...(keyVault === undefined ? {} : { keyVault }) };
}

/**
 * Validates the `config:` map of a `Pulumi.<stack>.yaml` (or `pulumi.runtime.allConfig()`): keys carry
 * their namespace (`entra-replicator:countryCode`); other namespaces (`azuread:`, `azure-native:`) are
 * left to their providers.
 */
export function validateStackFileConfig(configMap: Record<string, unknown>, now: Date): ReplicatorConfig {
  const prefix = `${CONFIG_NAMESPACE}:`;
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(configMap ?? {})) {
    if (key.startsWith(prefix)) own[key.slice(prefix.length)] = value;
  }
  return validateReplicatorConfig(own, now);
}

/** The schedule parameters of a validated config. */
export function rotationPolicyOf(config: ReplicatorConfig): SecretRotationPolicy {
  return {
    anchor: new Date(`${config.secretRotationAnchor}T00:00:00Z`),
    rotationDays: config.secretRotationDays,
    validityDays: config.secretValidityDays,
    overlapDays: config.secretOverlapDays,
  };
}
