import {
  type AccessToken,
  ClientSecretCredential,
  type GetTokenOptions,
  type TokenCredential,
} from "@azure/identity";
import type { SecretClient } from "@azure/keyvault-secrets";
import { isMicrosoftAuthorityHost } from "../config/clouds";
import type { KeyVaultSecretLocation } from "../config/settings";
import { ExitCode, ReplicatorError } from "../errors";
import { explainCredentialError } from "./identityErrors";
import { readVaultSecret, type VaultSecret } from "./readVaultSecret";

export interface KeyVaultSecretCredentialOptions {
  tenantId: string;
  clientId: string;
  authorityHost: string;
  location: KeyVaultSecretLocation;
  vault: SecretClient;
  /** Called when the identity platform refused the secret and the vault is read again. */
  onReread?: (info: { secretName: string; previousVersion: string; version: string }) => void;
}

interface LoadedSecret {
  secret: VaultSecret;
  credential: ClientSecretCredential;
}

/** The errors after which a fresher secret may help: wrong (AADSTS7000215) or expired (AADSTS7000222). */
const REJECTED_SECRET_CODES = new Set(["client-secret-invalid", "client-secret-expired"]);

/**
 * The replicator app's credential with its secret read from Key Vault when first needed. If the identity
 * platform refuses that secret as wrong or expired, the vault is read once more — the secret may have
 * been rotated since it was read — and the token is asked for again with the new value; only then does
 * it fail. One re-read per credential (per run), shared by concurrent token requests.
 */
export class KeyVaultSecretCredential implements TokenCredential {
  private loaded: Promise<LoadedSecret> | null = null;
  private reread: Promise<LoadedSecret> | null = null;

  constructor(private readonly options: KeyVaultSecretCredentialOptions) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.loaded ??= this.read();
    const attempt = await this.loaded;
    try {
      return await attempt.credential.getToken(scopes, options);
    } catch (error) {
      const refusal = this.refusal(error);
      if (refusal === null) throw error;
      if (this.reread === null) {
        this.reread = this.read();
        this.loaded = this.reread;
        const fresh = await this.reread;
        this.options.onReread?.({
          secretName: this.options.location.secretName,
          previousVersion: attempt.secret.version,
          version: fresh.secret.version,
        });
      }
      const fresh = await this.reread;
      if (fresh === attempt || fresh.secret.value === attempt.secret.value) {
        throw this.rejected(refusal, attempt.secret);
      }
      try {
        return await fresh.credential.getToken(scopes, options);
      } catch (retryError) {
        const retryRefusal = this.refusal(retryError);
        throw retryRefusal === null ? retryError : this.rejected(retryRefusal, fresh.secret);
      }
    }
  }

  private async read(): Promise<LoadedSecret> {
    const { tenantId, clientId, authorityHost } = this.options;
    const secret = await readVaultSecret(this.options.vault, this.options.location);
    const credential = new ClientSecretCredential(tenantId, clientId, secret.value, {
      authorityHost,
      disableInstanceDiscovery: !isMicrosoftAuthorityHost(authorityHost),
    });
    return { secret, credential };
  }

  private refusal(error: unknown): ReplicatorError | null {
    const { tenantId, clientId, authorityHost } = this.options;
    const explained = explainCredentialError(error, { tenantId, clientId, authorityHost, graphEndpoint: "" });
    return explained !== null && REJECTED_SECRET_CODES.has(explained.code) ? explained : null;
  }

  private rejected(refusal: ReplicatorError, secret: VaultSecret): ReplicatorError {
    const { location, clientId, tenantId } = this.options;
    const expired = refusal.code === "client-secret-expired";
    const foreign = secret.clientIdTag !== null && secret.clientIdTag !== clientId;
    return new ReplicatorError({
      code: refusal.code,
      field: "keyVaultSecretName",
      message:
        `The client secret in Key Vault (${location.vaultUrl}/secrets/${location.secretName}, version ` +
        `${secret.version}) is ${expired ? "expired (AADSTS7000222)" : "invalid (AADSTS7000215)"} for app ${clientId} ` +
        `in tenant ${tenantId}, also after reading the vault again.` +
        (foreign ? ` The secret is tagged for app ${secret.clientIdTag}, not ${clientId}.` : ""),
      fix: foreign
        ? "Point --key-vault-secret-name / ENTRA_REPLICATOR_KEY_VAULT_SECRET at this app's secret, or --client-id at " +
          "the app the secret belongs to (`pulumi stack output keyVault` and `clientId` of the same stack)."
        : "Run `pulumi up` for this tenant's stack: it issues a valid secret and writes it into the vault. " +
          "`npm run check-expiry -- --key-vault-url <vault> --secret-name <name>` shows the mirrored secret's expiry.",
      exitCode: ExitCode.Authentication,
      cause: refusal,
    });
  }
}
