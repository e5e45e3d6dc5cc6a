import type { SyncSettings } from "../config/settings";

/**
 * The settings that decide what a contact looks like: who is in scope and how local numbers are read.
 * An incremental round only touches users that changed, so after any of these changes every contact
 * must be planned again — a full round. Stored beside the deltaLink as a stable string.
 */
export function directorySettingsOf(settings: Pick<SyncSettings, "scope" | "defaultCountry">): string {
  return JSON.stringify({
    includeGuests: settings.scope.includeGuests,
    includeDisabled: settings.scope.includeDisabled,
    defaultCountry: settings.defaultCountry,
  });
}
