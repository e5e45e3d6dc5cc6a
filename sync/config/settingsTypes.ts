import type { CloudName } from "./clouds";

/** What the resolver hands the sync, validated; each part also alone (endpoints, credentials, store). */
export interface EndpointSettings {
  cloud: CloudName;
  authorityHost: string;
  graphEndpoint: string;
}

/** Where the replicator app's client secret is read, each time a token needs it. */
export interface KeyVaultSecretLocation {
  /** The vault's origin, e.g. "https://kv-contoso.vault.azure.net". */
  vaultUrl: string;
  secretName: string;
}

export interface CredentialSettings {
  tenantId: string;
  clientId: string;
  /** The secret's value, or the Key Vault secret holding it (read with DefaultAzureCredential). */
  clientSecret: string | KeyVaultSecretLocation;
}

export interface StoreSettings {
  storePath: string;
  defaultCountry: string | null;
}

/** The accidental-deletion guard's thresholds (engine/deletionGuard applies them). */
export interface DeletionGuardSettings {
  maxDeletes: number;
  maxDeletePercent: number;
  allowDeletes: boolean;
}

export interface SyncSettings extends EndpointSettings, CredentialSettings, StoreSettings {
  scope: { includeGuests: boolean; includeDisabled: boolean };
  deletionGuard: DeletionGuardSettings;
  pageSize: number | null;
}
