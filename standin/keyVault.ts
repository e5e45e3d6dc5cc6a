import { randomBytes } from "node:crypto";
import type { AccessTokenSigner } from "./accessToken";
import { checkBearer } from "./bearer";
import { keyVaultError, type RequestIds } from "./errorShapes";
import { KEY_VAULT_RESOURCE } from "./identity";
import { jsonReply, type Reply } from "./reply";

export interface SecretAttributes {
  expires?: Date;
  notBefore?: Date;
  /** @default true */
  enabled?: boolean;
  contentType?: string;
  tags?: Record<string, string>;
}

interface SecretVersion {
  version: string;
  value: string;
  attributes: SecretAttributes;
  created: number;
}

/** The secrets of one vault, every `setSecret` adding a version, as Key Vault does. */
export class KeyVaultSecrets {
  private readonly secrets = new Map<string, SecretVersion[]>();
  private readers: ReadonlySet<string> | null = null;

  /**
   * Only these client ids may read secrets (the others get 403, as without "Key Vault Secrets User" or a
   * get/list access policy); null lets every caller with a vault token of the tenant read. @default null
   */
  allowReaders(clientIds: readonly string[] | null): void {
    this.readers = clientIds === null ? null : new Set(clientIds);
  }

  mayRead(clientId: string): boolean {
    return this.readers === null || this.readers.has(clientId);
  }

  /** The latest version of every secret, by name, for the list operation. */
  latestVersions(): [string, SecretVersion][] {
    return [...this.secrets.entries()].flatMap(([name, versions]) => {
      const latest = versions.at(-1);
      return latest === undefined ? [] : [[name, latest] as [string, SecretVersion]];
    });
  }

  /** Stores a new version; returns its version id. */
  setSecret(name: string, value: string, attributes: SecretAttributes = {}): string {
    if (!/^[0-9a-zA-Z-]{1,127}$/.test(name)) {
      throw new Error(`keyVault.setSecret: name "${name}" is invalid; use 1–127 letters, digits and dashes`);
    }
    const version = randomBytes(16).toString("hex");
    const versions = this.secrets.get(name) ?? [];
    versions.push({ version, value, attributes: { ...attributes }, created: Math.floor(Date.now() / 1000) });
    this.secrets.set(name, versions);
    return version;
  }

  deleteSecret(name: string): void {
    this.secrets.delete(name);
  }

  /** The latest version when `version` is omitted. */
  find(name: string, version?: string): SecretVersion | undefined {
    const versions = this.secrets.get(name);
    if (versions === undefined) return undefined;
    return version === undefined || version === ""
      ? versions.at(-1)
      : versions.find((v) => v.version === version);
  }
}

export interface KeyVaultContext {
  url: string;
  tenantId: string;
  signer: AccessTokenSigner;
  secrets: KeyVaultSecrets;
}

function epochSeconds(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : Math.floor(date.getTime() / 1000);
}

function secretAttributes(secret: SecretVersion) {
  const { attributes } = secret;
  return {
    enabled: attributes.enabled ?? true,
    nbf: epochSeconds(attributes.notBefore),
    exp: epochSeconds(attributes.expires),
    created: secret.created,
    updated: secret.created,
    recoveryLevel: "Recoverable+Purgeable",
    recoverableDays: 90,
  };
}

/**
 * `GET /secrets?api-version=…` (list: attributes and tags, never values) and
 * `GET /secrets/{name}[/{version}]?api-version=…`; null when the path is not Key Vault's.
 */
export function handleKeyVault(
  ctx: KeyVaultContext,
  method: string,
  path: string,
  query: URLSearchParams,
  authorization: string | undefined,
  ids: RequestIds,
): Reply | null {
  const isList = /^\/secrets\/?$/.test(path);
  const match = /^\/secrets\/([^/]+)(?:\/([^/]*))?\/?$/.exec(path);
  if (match === null && !isList) return null;
  if (!query.get("api-version")) {
    return keyVaultError(
      400,
      "BadParameter",
      "The request URI contains an invalid or missing api-version parameter.",
      ids,
    );
  }
  const checked = checkBearer(authorization, ctx.signer, ctx.tenantId, new Set([KEY_VAULT_RESOURCE]));
  if (!checked.ok) {
    const messages = {
      missing: "AKV10000: Request is missing a Bearer or PoP token.",
      invalid: "Invalid token.",
      expired: "The token is expired.",
      audience: `Invalid audience. Expected ${KEY_VAULT_RESOURCE}.`,
      tenant: "Invalid issuer: the token belongs to another tenant.",
    };
    const reply = keyVaultError(401, "Unauthorized", messages[checked.problem], ids);
    // The challenge @azure/keyvault-common parses: authority (with the tenant as its path) and resource.
    reply.headers["WWW-Authenticate"] =
      `Bearer authorization="${ctx.url}/${ctx.tenantId}", resource="${KEY_VAULT_RESOURCE}"`;
    return reply;
  }
  const caller = checked.claims.appid;
  if (!ctx.secrets.mayRead(caller)) {
    const vaultName = new URL(ctx.url).host;
    return keyVaultError(
      403,
      "Forbidden",
      `The user, group or application 'appid=${caller};oid=${caller};iss=${ctx.url}/${ctx.tenantId}/' does not have secrets ${isList ? "list" : "get"} permission on key vault '${vaultName};location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
      ids,
    );
  }
  if (method !== "GET") {
    return keyVaultError(
      405,
      "MethodNotAllowed",
      `The stand-in vault only serves GET on secrets, not ${method}.`,
      ids,
    );
  }
  if (match === null) {
    const value = ctx.secrets.latestVersions().map(([name, secret]) => ({
      id: `${ctx.url}/secrets/${name}`,
      attributes: secretAttributes(secret),
      tags: secret.attributes.tags ?? {},
      ...(secret.attributes.contentType === undefined ? {} : { contentType: secret.attributes.contentType }),
    }));
    return jsonReply(200, { value, nextLink: null }, { "x-ms-request-id": ids.requestId });
  }
  const name = decodeURIComponent(match[1] as string);
  const version = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  const secret = ctx.secrets.find(name, version);
  if (secret === undefined) {
    return keyVaultError(
      404,
      "SecretNotFound",
      `A secret with (name/id) ${version ? `${name}/${version}` : name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
      ids,
    );
  }
  const { attributes } = secret;
  if (attributes.enabled === false) {
    return keyVaultError(403, "Forbidden", "Operation get is not allowed on a disabled secret.", ids);
  }
  return jsonReply(
    200,
    {
      value: secret.value,
      ...(attributes.contentType === undefined ? {} : { contentType: attributes.contentType }),
      id: `${ctx.url}/secrets/${name}/${secret.version}`,
      attributes: secretAttributes(secret),
      tags: attributes.tags ?? {},
    },
    { "x-ms-request-id": ids.requestId, "x-ms-keyvault-service-version": "1.9.0.0" },
  );
}
