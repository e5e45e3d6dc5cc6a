import type { StoreSettings } from "../config/settings";
import { settingsFromOptions } from "../config/sources";
import { ExitCode, ReplicatorError } from "../errors";
import type { Contact } from "../model";
import { normaliseLookupNumber } from "../phone/normalisePhone"; // not ../phone: lookup needs no region tables
import { type DirectoryOptions, tenantOf } from "./options";
import { withTenantStore } from "./openStore";

export interface LookupResult {
  query: string;
  /** The number as searched for. */
  e164: string;
  extension: string | null;
  /** Every contact owning this number (a shared office line can belong to several). */
  matches: Contact[];
}

/** Caller ID: "who is calling from 020 123 4567?", reading a number without country code in the default country. */
export async function lookup(number: string, options: DirectoryOptions = {}): Promise<LookupResult> {
  return lookupWithSettings(
    number,
    settingsFromOptions(options, options.env ?? process.env).store(),
    tenantOf(options),
  );
}

/** `tenant`: which tenant's directory, when the store holds several (see `selectTenant`). */
export async function lookupWithSettings(
  number: string,
  settings: StoreSettings,
  tenant?: string,
): Promise<LookupResult> {
  const normalised = normaliseLookupNumber(number, settings.defaultCountry);
  if (!normalised.ok) {
    throw new ReplicatorError({
      code: "number-invalid",
      field: "number",
      message: `'${number}' is not a phone number that can be looked up: ${normalised.problem}.`,
      fix:
        settings.defaultCountry === null
          ? "Give the number with its country code (+31 20 123 4567), or set the default country (--country / ENTRA_REPLICATOR_COUNTRY)."
          : `Give the number with its country code (+31 20 123 4567) or as dialled within ${settings.defaultCountry}.`,
      exitCode: ExitCode.Usage,
    });
  }
  const matches = await withTenantStore(settings.storePath, tenant, (store) =>
    store.directory.findByE164(normalised.e164),
  );
  return { query: number, e164: normalised.e164, extension: normalised.extension, matches };
}
