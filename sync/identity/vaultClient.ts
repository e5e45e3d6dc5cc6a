import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { isMicrosoftAuthorityHost } from "../config/clouds";

/** The retry settings the vault requests honour (the Graph retry policy's fields of the same names). */
export interface VaultRetry {
  maxRetries: number;
  delaySeconds: number;
  maxDelaySeconds: number;
}

export interface VaultClientOptions {
  /** The cloud's authority host: the vault reader signs in there too (sovereign clouds, tests). */
  authorityHost: string;
  /**
   * The identity that reads the vault — never the replicator app, whose secret is what is read.
   * @default DefaultAzureCredential: AZURE_* variables of a reader identity, workload identity, managed identity, az login
   */
  readerCredential?: TokenCredential;
  /** Retries of the vault requests; the SDK's own defaults (3 retries, exponential from 1 s) when left out. */
  retry?: Partial<VaultRetry>;
}

/** DefaultAzureCredential at the configured authority, with instance discovery only for Microsoft's hosts. */
export function defaultReaderCredential(authorityHost: string): TokenCredential {
  return new DefaultAzureCredential({
    authorityHost,
    disableInstanceDiscovery: !isMicrosoftAuthorityHost(authorityHost),
  });
}

/**
 * A SecretClient for the vault. The SDK checks that the resource in the vault's 401 challenge belongs to
 * the vault's domain (https://vault.azure.net for *.vault.azure.net, …), so a look-alike host cannot
 * collect a token for Key Vault; that check is turned off only for loopback hosts (a local stand-in or
 * proxy), which are not Key Vault domains by construction.
 */
export function createVaultClient(vaultUrl: string, options: VaultClientOptions): SecretClient {
  const retry = options.retry;
  return new SecretClient(
    vaultUrl,
    options.readerCredential ?? defaultReaderCredential(options.authorityHost),
    {
      disableChallengeResourceVerification: isLoopbackHost(vaultUrl),
      ...(retry !== undefined && {
        retryOptions: {
          ...(retry.maxRetries !== undefined && { maxRetries: retry.maxRetries }),
          ...(retry.delaySeconds !== undefined && { retryDelayInMs: retry.delaySeconds * 1000 }),
          ...(retry.maxDelaySeconds !== undefined && { maxRetryDelayInMs: retry.maxDelaySeconds * 1000 }),
        },
      }),
    },
  );
}

/** 127.0.0.0/8, ::1 and localhost: never a real vault. */
export function isLoopbackHost(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}
