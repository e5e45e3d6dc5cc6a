import { type SettingsInput, SettingsResolver } from "../config/settings";
import { configFileLayer, environmentLayer, flagsLayer, stackOutputsLayer } from "../config/sources";

/**
 * The option values commander hands over, as the CLI names them: the settings under their own names, except
 * --db and --country, plus the two files that are sources of settings themselves.
 */
export interface CliSettingOptions extends Omit<SettingsInput, "storePath" | "defaultCountry"> {
  config?: string;
  stackOutputs?: string;
  /** SettingsInput.storePath */
  db?: string;
  /** SettingsInput.defaultCountry */
  country?: string;
}

/**
 * Precedence, highest first: flags, then the --config file (explicit beats ambient), then environment
 * variables, then the --stack-outputs JSON, then the --cloud preset and built-in defaults.
 */
export function resolverFromCli(options: CliSettingOptions, env: NodeJS.ProcessEnv): SettingsResolver {
  const flags: SettingsInput = {
    tenantId: options.tenantId,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    keyVaultUrl: options.keyVaultUrl,
    keyVaultSecretName: options.keyVaultSecretName,
    cloud: options.cloud,
    authorityHost: options.authorityHost,
    graphEndpoint: options.graphEndpoint,
    storePath: options.db,
    defaultCountry: options.country,
    includeGuests: options.includeGuests,
    includeDisabled: options.includeDisabled,
    maxDeletes: options.maxDeletes,
    maxDeletePercent: options.maxDeletePercent,
    allowDeletes: options.allowDeletes,
    pageSize: options.pageSize,
  };
  return new SettingsResolver([
    flagsLayer(flags),
    ...(options.config === undefined ? [] : [configFileLayer(options.config)]),
    environmentLayer(env),
    ...(options.stackOutputs === undefined ? [] : [stackOutputsLayer(options.stackOutputs)]),
  ]);
}
