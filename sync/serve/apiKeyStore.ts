/** One API key as stored: never the key itself, only its slow hash. */
export interface ApiKeyRecord {
  /** Non-secret prefix of the key; identifies the record so verification is a single hash. */
  keyId: string;
  tenantId: string;
  name: string | null;
  /** scrypt parameters and output, see `apiKeyHash.ts`. */
  hash: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Where API keys live: beside the directory, in the same store (see the backends). */
export interface ApiKeyStore {
  create(record: ApiKeyRecord): Promise<void>;
  /** The record for this key id, or null. Read on every request, so a revocation applies at once. */
  find(keyId: string): Promise<ApiKeyRecord | null>;
  /** Every key, newest first; of one tenant when given. */
  list(tenantId?: string): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked; false when there is no such key. Revoking twice keeps the first time. */
  revoke(keyId: string, at: Date): Promise<boolean>;
}
