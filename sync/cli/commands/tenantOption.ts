/**
 * `--tenant <name or id>` and `--fleet <file>` for the commands that read one tenant's directory
 * (lookup, status, export) from a store that may hold several.
 */
import type { Command } from "commander";
import type { StoreSettings } from "../../config/settings";
import { chooseTenant } from "../../fleet/tenantChoice";

export interface TenantOptions {
  tenant?: string;
  fleet?: string;
  db?: string;
}

export function addTenantOptions(command: Command): Command {
  return command
    .option(
      "--tenant <name or id>",
      "the tenant to read when the store holds several [AZURE_TENANT_ID] (a name needs --fleet)",
    )
    .option("--fleet <file>", "the fleet file: its store, and tenant names for --tenant");
}

/** The store and tenant a read-only command reads: --db wins over the fleet file's store. */
export async function directoryTarget(
  options: TenantOptions,
  store: StoreSettings,
  env: NodeJS.ProcessEnv,
): Promise<{ store: StoreSettings; tenant: string | undefined }> {
  const choice = await chooseTenant(options, env);
  const storePath =
    options.db === undefined && choice.storeLocation !== undefined ? choice.storeLocation : store.storePath;
  return { store: { ...store, storePath }, tenant: choice.tenantId };
}
