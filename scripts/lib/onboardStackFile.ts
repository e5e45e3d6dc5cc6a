import { GUID_PATTERN as GUID } from "../../sync/contract";
import { Document, Scalar } from "yaml";

import {
  CONFIG_NAMESPACE,
  DEFAULT_SECRET_OVERLAP_DAYS,
  DEFAULT_SECRET_ROTATION_DAYS,
  DEFAULT_SECRET_VALIDITY_DAYS,
  defaultKeyVaultSecretName,
  validateStackFileConfig,
  type ReplicatorConfig,
} from "../../infra/config";

/**
 * Builds the `Pulumi.<stack>.yaml` of a new tenant from validated input. Pure: the caller decides
 * where the file goes and whether an existing one may be replaced.
 */

/** What an operator says about a new tenant. Numbers may arrive as text; validation names bad ones. */
export interface TenantOnboarding {
  stack: string;
  tenantId: string;
  countryCode: string;
  /** The pipeline deployer's service principal in this tenant: the app's owner whoever runs `pulumi up`. */
  deployerObjectId: string;
  ownerObjectIds: string[];
  grantAdminConsent: boolean;
  /** `YYYY-MM-DD`: the first day of rotation window 0. */
  anchor: string;
  displayName?: string;
  rotationDays?: number | string;
  validityDays?: number | string;
  overlapDays?: number | string;
  /**
   * Subscription of the Key Vault when it lives in the customer's tenant (always so for a created vault):
   * the azure-native provider then signs in there instead of the pipeline's home subscription.
   */
  keyVaultSubscriptionId?: string;
  keyVault?: {
    resourceGroupName?: string;
    vaultName?: string;
    secretName?: string;
    create?: boolean;
    location?: string;
    readerObjectIds?: string[];
  };
}

export class OnboardingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OnboardingError";
  }
}

const TENANT_ID_KEY = "azuread:tenantId";
const ARM_TENANT_ID_KEY = "azure-native:tenantId";
const ARM_SUBSCRIPTION_ID_KEY = "azure-native:subscriptionId";
/** Pulumi's rule for stack names, minus `/` (org/project qualifiers do not belong in a file name). */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
/** The example stack: the pipelines skip it, so a tenant by that name would never be deployed. */
const RESERVED_STACKS = new Set(["dev"]);

/** The stack config as it is written to the file, keys with their namespace. */
export function stackConfigOf(input: TenantOnboarding): Record<string, unknown> {
  const key = (name: string) => `${CONFIG_NAMESPACE}:${name}`;
  const tenantId = input.tenantId.trim().toLowerCase();
  const config: Record<string, unknown> = {
    [TENANT_ID_KEY]: tenantId,
    [key("countryCode")]: input.countryCode.trim().toUpperCase(),
  };
  if (input.displayName !== undefined) config[key("displayName")] = input.displayName;
  config[key("deployerObjectId")] = input.deployerObjectId.trim().toLowerCase();
  if (input.ownerObjectIds.length > 0) config[key("ownerObjectIds")] = input.ownerObjectIds;
  config[key("grantAdminConsent")] = input.grantAdminConsent;
  // The rotation policy is written out even when it is the default: it is what the customer was promised,
  // and a later change of the program's defaults must not silently change it.
  config[key("secretRotationDays")] = wholeNumberIfDigits(input.rotationDays ?? DEFAULT_SECRET_ROTATION_DAYS);
  config[key("secretValidityDays")] = wholeNumberIfDigits(input.validityDays ?? DEFAULT_SECRET_VALIDITY_DAYS);
  config[key("secretOverlapDays")] = wholeNumberIfDigits(input.overlapDays ?? DEFAULT_SECRET_OVERLAP_DAYS);
  config[key("secretRotationAnchor")] = input.anchor;
  // The secret name is written out: per stack by default, so tenants sharing a vault never collide, and
  // visible in the file that the name is this tenant's.
  if (input.keyVault !== undefined) {
    config[key("keyVault")] = dropUndefined({
      ...input.keyVault,
      secretName: input.keyVault.secretName ?? defaultKeyVaultSecretName(input.stack),
    });
  }
  if (input.keyVaultSubscriptionId !== undefined) {
    config[ARM_TENANT_ID_KEY] = tenantId;
    config[ARM_SUBSCRIPTION_ID_KEY] = input.keyVaultSubscriptionId.trim().toLowerCase();
  }
  return config;
}

/**
 * Checks everything the program will check, plus what only the file knows (stack name, tenant id),
 * so a stack file that fails `pulumi up` is never written.
 */
export function validateOnboarding(input: TenantOnboarding, now: Date): ReplicatorConfig {
  if (!STACK_NAME.test(input.stack) || RESERVED_STACKS.has(input.stack)) {
    throw new OnboardingError(
      RESERVED_STACKS.has(input.stack)
        ? `--stack "${input.stack}" is the example stack, which the pipelines never deploy. Fix: name the stack after the customer, e.g. --stack contoso.`
        : `--stack "${input.stack}" is not a stack name (1–100 letters, digits, - _ .). Fix: name the stack after the customer, e.g. --stack contoso.`,
    );
  }
  const tenantId = input.tenantId.trim();
  if (!GUID.test(tenantId) || /^[0-]+$/.test(tenantId)) {
    throw new OnboardingError(
      `${TENANT_ID_KEY} is "${input.tenantId}", not a tenant id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301). ` +
        "Fix: pass --tenant-id <Directory (tenant) ID> from Entra ID → Overview.",
    );
  }
  const subscriptionId = input.keyVaultSubscriptionId?.trim();
  if (subscriptionId !== undefined) {
    if (input.keyVault === undefined) {
      throw new OnboardingError(
        "--key-vault-subscription-id is set, but no Key Vault is. Fix: add --key-vault-resource-group and --key-vault-name, or drop --key-vault-subscription-id.",
      );
    }
    if (!GUID.test(subscriptionId)) {
      throw new OnboardingError(
        `${ARM_SUBSCRIPTION_ID_KEY} is "${input.keyVaultSubscriptionId}", not a subscription id (a GUID). ` +
          "Fix: pass --key-vault-subscription-id <id> from `az account list -o table` in the customer's tenant.",
      );
    }
  }
  return validateStackFileConfig(stackConfigOf(input), now);
}

/** The file text: a header saying how it was made, then the `config:` map with strings quoted. */
export function renderStackFile(input: TenantOnboarding, command: string, now: Date): string {
  const document = new Document({ config: stackConfigOf(input) });
  document.commentBefore = [
    ` Tenant stack "${input.stack}" of ${CONFIG_NAMESPACE}.`,
    ` Made on ${now.toISOString().slice(0, 10)} by:`,
    `   ${command}`,
    " Every key is explained in Pulumi.dev.yaml. Commit this file in a pull request: the pipeline previews",
    " the tenant there and deploys it on merge. Rotation windows start at secretRotationAnchor; keep it fixed.",
  ].join("\n");
  return document.toString({ defaultStringType: Scalar.QUOTE_DOUBLE, defaultKeyType: Scalar.PLAIN });
}

function wholeNumberIfDigits(value: number | string): number | string {
  return typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
