import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { Command } from "commander";

import { ConfigError } from "../infra/config";
import {
  OnboardingError,
  renderStackFile,
  validateOnboarding,
  type TenantOnboarding,
} from "./lib/onboardStackFile";
import { checkSecretsProvider, nextSteps, SecretsProviderError } from "./lib/onboardNextSteps";
import { parseArguments } from "./lib/parseArguments";

/** Same convention as check-expiry: 2 = refused, nothing was done. */
const REFUSED_EXIT_CODE = 2;

/** Which option sets each config key, so a config error can point at the flag to change. */
const OPTION_OF_KEY: Readonly<Record<string, string>> = {
  "entra-replicator:countryCode": "--country",
  "entra-replicator:deployerObjectId": "--deployer-object-id",
  "entra-replicator:displayName": "--display-name",
  "entra-replicator:ownerObjectIds": "--owner",
  "entra-replicator:secretRotationDays": "--rotation-days",
  "entra-replicator:secretValidityDays": "--validity-days",
  "entra-replicator:secretOverlapDays": "--overlap-days",
  "entra-replicator:secretRotationAnchor": "--anchor",
  "entra-replicator:keyVault.resourceGroupName": "--key-vault-resource-group",
  "entra-replicator:keyVault.vaultName": "--key-vault-name",
  "entra-replicator:keyVault.secretName": "--key-vault-secret-name",
  "entra-replicator:keyVault.location": "--key-vault-location",
  "entra-replicator:keyVault.readerObjectIds": "--key-vault-reader",
};

interface Options {
  stack: string;
  tenantId: string;
  country: string;
  deployerObjectId: string;
  owner: string[];
  displayName?: string;
  rotationDays?: string;
  validityDays?: string;
  overlapDays?: string;
  keyVaultResourceGroup?: string;
  keyVaultName?: string;
  keyVaultSecretName?: string;
  keyVaultCreate?: boolean;
  keyVaultLocation?: string;
  keyVaultReader: string[];
  keyVaultSubscriptionId?: string;
  adminConsent: boolean;
  anchor?: string;
  secretsProvider?: string;
  dir: string;
  force?: boolean;
}

function main(argv: readonly string[]): number {
  const now = new Date();
  const program = new Command()
    .name("onboard-tenant")
    .description(
      "Writes Pulumi.<stack>.yaml for a new tenant after validating it exactly as the Pulumi program will.\n" +
        "Then: commit the file in a pull request; the pipeline previews the tenant and deploys it on merge.",
    )
    .requiredOption("--stack <name>", "stack name, e.g. the customer: contoso")
    .requiredOption("--tenant-id <guid>", "the customer's Directory (tenant) ID")
    .requiredOption("--country <CC>", "ISO 3166-1 alpha-2 country of local phone numbers, e.g. DE")
    .requiredOption(
      "--deployer-object-id <guid>",
      "the pipeline deployer's service principal in this tenant (az ad sp show --id <client id> --query id -o tsv)",
    )
    .option("--owner <guid>", "object id of an extra app owner (repeatable)", collect, [])
    .option("--display-name <name>", "app registration name (default: the program's)")
    .option("--rotation-days <n>", "days between two new secrets")
    .option("--validity-days <n>", "lifetime of each secret, ≤ 730")
    .option("--overlap-days <n>", "minimum days a consumer gets to switch to a new secret")
    .option(
      "--key-vault-resource-group <name>",
      "mirror the current secret into a Key Vault in this resource group",
    )
    .option("--key-vault-name <name>", "the Key Vault's name")
    .option("--key-vault-secret-name <name>", "the Key Vault secret's name (default: the program's)")
    .option("--key-vault-create", "create the vault in this stack instead of using an existing one")
    .option("--key-vault-location <region>", "region of a created vault, e.g. westeurope")
    .option(
      "--key-vault-reader <guid>",
      "object id allowed to read a created vault's secrets (repeatable)",
      collect,
      [],
    )
    .option(
      "--key-vault-subscription-id <guid>",
      "subscription of the vault in the customer's tenant (default: the pipeline's AZURE_SUBSCRIPTION_ID)",
    )
    .option(
      "--no-admin-consent",
      "skip granting admin consent (deployer lacks the role); a Global Admin opens adminConsentUrl",
    )
    .option("--anchor <YYYY-MM-DD>", "first day of rotation window 0 (default: today, UTC)")
    .option(
      "--secrets-provider <url>",
      "secrets provider of the new stack for `pulumi stack init`, e.g. azurekeyvault://<vault>.vault.azure.net/keys/<key>",
    )
    .option("--dir <path>", "directory holding Pulumi.yaml", ".")
    .option("--force", "replace an existing stack file")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  const parseExit = parseArguments(program, argv, REFUSED_EXIT_CODE);
  if (parseExit !== null) return parseExit;
  const options = program.opts<Options>();
  const input = onboardingOf(options, now);

  const refuse = (message: string): number => {
    process.stderr.write(`onboard-tenant: ${message}\nNothing was written.\n`);
    return REFUSED_EXIT_CODE;
  };
  try {
    validateOnboarding(input, now);
    checkSecretsProvider(options.secretsProvider);
  } catch (error) {
    if (error instanceof ConfigError) {
      const option = OPTION_OF_KEY[error.key.replace(/\[\d+\]$/, "")];
      return refuse(
        option === undefined ? error.message : `${error.message}\nIn this command, that is ${option}.`,
      );
    }
    if (error instanceof OnboardingError || error instanceof SecretsProviderError)
      return refuse(error.message);
    throw error;
  }

  if (!existsSync(join(options.dir, "Pulumi.yaml"))) {
    return refuse(
      `${options.dir} has no Pulumi.yaml. Fix: run from the repository root, or pass --dir <project directory>.`,
    );
  }
  const path = join(options.dir, `Pulumi.${input.stack}.yaml`);
  if (existsSync(path) && options.force !== true) {
    return refuse(`${path} already exists. Fix: pick another --stack, or pass --force to replace it.`);
  }
  writeFileSync(path, renderStackFile(input, commandLine(argv), now));
  process.stdout.write(
    [`Wrote ${path}.`, ...nextSteps(input.stack, path, options.secretsProvider), ""].join("\n"),
  );
  return 0;
}

function onboardingOf(options: Options, now: Date): TenantOnboarding {
  const wantsKeyVault =
    options.keyVaultResourceGroup !== undefined ||
    options.keyVaultName !== undefined ||
    options.keyVaultSecretName !== undefined ||
    options.keyVaultCreate === true ||
    options.keyVaultLocation !== undefined ||
    options.keyVaultReader.length > 0;
  return {
    stack: options.stack,
    tenantId: options.tenantId,
    countryCode: options.country,
    deployerObjectId: options.deployerObjectId,
    ownerObjectIds: options.owner,
    grantAdminConsent: options.adminConsent,
    anchor: options.anchor ?? now.toISOString().slice(0, 10),
    ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
    ...(options.keyVaultSubscriptionId === undefined
      ? {}
      : { keyVaultSubscriptionId: options.keyVaultSubscriptionId }),
    ...(options.rotationDays === undefined ? {} : { rotationDays: options.rotationDays }),
    ...(options.validityDays === undefined ? {} : { validityDays: options.validityDays }),
    ...(options.overlapDays === undefined ? {} : { overlapDays: options.overlapDays }),
    ...(wantsKeyVault
      ? {
          keyVault: {
            resourceGroupName: options.keyVaultResourceGroup,
            vaultName: options.keyVaultName,
            secretName: options.keyVaultSecretName,
            create: options.keyVaultCreate === true ? true : undefined,
            location: options.keyVaultLocation,
            readerObjectIds: options.keyVaultReader.length > 0 ? options.keyVaultReader : undefined,
          },
        }
      : {}),
  };
}

/** The command as recorded in the file's header: the tenant's inputs, without where it was written. */
function commandLine(argv: readonly string[]): string {
  const kept = argv.filter((arg, i) => arg !== "--force" && arg !== "--dir" && argv[i - 1] !== "--dir");
  const quoted = kept
    .filter((arg) => !arg.startsWith("--dir="))
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`));
  return ["npm run onboard-tenant --", ...quoted].join(" ");
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

process.exitCode = main(process.argv.slice(2));
