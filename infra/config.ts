import { z } from "zod";
import {
  CONFIG_NAMESPACE,
  ConfigError,
  configErrorOf,
  explain,
  flag,
  guidList,
  setCommand,
  wholeDays,
} from "./configFields";
import {
  countryCode,
  deployerObjectId,
  displayName,
  existingAdminConsentId,
  issue,
  rotationAnchor,
} from "./configSettings";
import { KeyVaultConfig, keyVaultConfigSchema } from "./keyVaultConfig";
import type { SecretRotationPolicy } from "./secretSchedule";

export { CONFIG_NAMESPACE, ConfigError } from "./configFields";
export { APP_ROLE_ASSIGNMENT_IMPORT_ID, DEFAULT_DISPLAY_NAME } from "./configSettings";
export {
  defaultKeyVaultSecretName,
  KEY_VAULT_CONFIG_KEYS,
  LEGACY_KEY_VAULT_SECRET_NAME,
  type KeyVaultConfig,
} from "./keyVaultConfig";

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
  /**
   * Object id, in the customer tenant, of the pipeline's deployer service principal: an owner of the app
   * whoever runs `pulumi up` (a person's local run must not make itself the owner).
   */
  deployerObjectId: string;
  /** Owners besides the deployer, lower-case GUIDs, without duplicates. @default [] */
  ownerObjectIds: string[];
  /** @default true */
  grantAdminConsent: boolean;
  /**
   * The consent a Global Administrator already granted (adminConsentUrl, or one the stack retained), to
   * adopt instead of creating a duplicate that Graph refuses:
   * `/servicePrincipals/<Graph's service principal>/appRoleAssignedTo/<assignment id>`.
   */
  existingAdminConsentId?: string;
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
  "deployerObjectId",
  "ownerObjectIds",
  "grantAdminConsent",
  "existingAdminConsentId",
  "secretValidityDays",
  "secretRotationDays",
  "secretOverlapDays",
  "secretRotationAnchor",
  "keyVault",
] as const;

function replicatorConfigSchema(now: Date) {
  return z
    .strictObject(
      {
        displayName,
        countryCode,
        deployerObjectId: deployerObjectId(),
        ownerObjectIds: guidList(
          "ownerObjectIds",
          "pulumi config set --path 'ownerObjectIds[0]' <object id> (Entra ID → Users → the user → Object ID).",
        ),
        grantAdminConsent: flag(true, (key) => setCommand(key, "true")),
        existingAdminConsentId: existingAdminConsentId(),
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
    .superRefine((config, ctx) => {
      rotationRules(config, ctx);
      if (config.existingAdminConsentId !== undefined && !config.grantAdminConsent) {
        issue(
          ctx,
          explain(
            "is set, but grantAdminConsent is false, so there is no consent resource to adopt it into.",
            "set grantAdminConsent to true (the stack then manages the consent it adopts), or remove existingAdminConsentId.",
          ),
          ["existingAdminConsentId"],
        );
      }
    });
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
