import type { StoreSettings } from "../config/settings";
import { settingsFromOptions } from "../config/sources";
import { ExitCode, ReplicatorError } from "../errors";
import type { Contact } from "../model";
import { normaliseLookupNumber } from "../phone";
import type { DirectoryOptions } from "./options";
import { withStore } from "./openStore";

export interface LookupResult {
  query: string;
  /** The number as searched for. */
  e164: string;
  extension: string | null;
  /** Every contact owning this number (a shared office line can belong to several). */
  matches: Contact[];
}

/** Caller ID: "who is calling from 020 123 4567?", reading a number without country code in the default country. */
export function lookup(number: string, options: DirectoryOptions = {}): LookupResult {
  return lookupWithSettings(number, settingsFromOptions(options, options.env ?? process.env).store());
}

export function lookupWithSettings(number: string, settings: StoreSettings): LookupResult {
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
  const matches = withStore(settings.storePath, (store) => store.findByE164(normalised.e164));
  return { query: number, e164: normalised.e164, extension: normalised.extension, matches };
}
