import type { AccessTokenSigner } from "./accessToken";
import type { AppRegistration } from "./appRegistration";
import { aadError, type RequestIds } from "./errorShapes";
import { jsonReply, type Reply } from "./reply";

export const GRAPH_RESOURCE = "https://graph.microsoft.com";
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const KEY_VAULT_RESOURCE = "https://vault.azure.net";

const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

export interface IdentityContext {
  /** `https://127.0.0.1:<port>`: the authority host, and also the Graph resource of the stand-in. */
  url: string;
  app: AppRegistration;
  /** The tenant's other app registrations by client id (e.g. a Key Vault reader): tokens, no Graph roles. */
  otherApps?: ReadonlyMap<string, AppRegistration>;
  signer: AccessTokenSigner;
  tokenLifetimeSeconds: number;
}

/** `/{tenant}/v2.0/.well-known/openid-configuration` (and the v1 path) for the stand-in's own tenant. */
export function openIdConfiguration(
  ctx: IdentityContext,
  tenant: string,
  v2: boolean,
  ids: RequestIds,
): Reply {
  if (tenant !== ctx.app.tenantId) return unknownTenant(ctx, tenant, ids);
  const base = `${ctx.url}/${tenant}`;
  const version = v2 ? "/v2.0" : "";
  return jsonReply(200, {
    token_endpoint: `${base}/oauth2${version}/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${ctx.url}/${tenant}/discovery${version}/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: v2 ? `${base}/v2.0` : `${ctx.url}/${tenant}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.url}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2${version}/authorize`,
    device_authorization_endpoint: `${base}/oauth2${version}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2${version}/logout`,
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce", "tid", "ver", "oid"],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: "EU",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: new URL(ctx.url).host,
    rbac_url: "https://pas.windows.net",
  });
}

/** `/common/discovery/instance`: MSAL asks it unless instance discovery is disabled; the host is its own alias. */
export function instanceDiscovery(ctx: IdentityContext, query: URLSearchParams): Reply {
  const host = new URL(ctx.url).host;
  const endpoint = query.get("authorization_endpoint");
  const tenant = endpoint === null ? "{tenant}" : (new URL(endpoint).pathname.split("/")[1] ?? "{tenant}");
  return jsonReply(200, {
    tenant_discovery_endpoint: `${ctx.url}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

/** An empty key set: the stand-in issues no ID tokens, and nobody verifies its access tokens' signatures. */
export function signingKeys(): Reply {
  return jsonReply(200, { keys: [] });
}

function unknownTenant(ctx: IdentityContext, tenant: string, ids: RequestIds): Reply {
  return aadError(
    400,
    "invalid_tenant",
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ids,
    ctx.url,
  );
}

/** The audience a `<resource>/.default` scope maps to, or null for a resource this tenant does not know. */
function audienceOf(ctx: IdentityContext, resource: string): string | null {
  const normalised = resource.replace(/\/+$/, "");
  if (normalised === ctx.url || normalised === GRAPH_RESOURCE || normalised === GRAPH_APP_ID) {
    return normalised === GRAPH_APP_ID ? GRAPH_RESOURCE : normalised;
  }
  if (normalised === KEY_VAULT_RESOURCE) return KEY_VAULT_RESOURCE;
  return null;
}

/** Client id and secret from the form (client_secret_post) or an HTTP Basic header (client_secret_basic). */
function clientCredentials(form: URLSearchParams, authorization: string | undefined) {
  if (authorization?.startsWith("Basic ")) {
    const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon)),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  }
  return { clientId: form.get("client_id"), clientSecret: form.get("client_secret") };
}

/** `POST /{tenant}/oauth2/v2.0/token` with `grant_type=client_credentials`, answered like the identity platform. */
export function issueToken(
  ctx: IdentityContext,
  tenant: string,
  form: URLSearchParams,
  authorization: string | undefined,
  ids: RequestIds,
): Reply {
  const fail = (status: number, error: string, code: number, message: string) =>
    aadError(status, error, code, message, ids, ctx.url);
  if (tenant !== ctx.app.tenantId) return unknownTenant(ctx, tenant, ids);

  const grantType = form.get("grant_type");
  if (grantType === null) {
    return fail(
      400,
      "invalid_request",
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
  }
  if (grantType !== "client_credentials") {
    return fail(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }
  const { clientId, clientSecret } = clientCredentials(form, authorization);
  if (clientId === null || clientId === "") {
    return fail(
      400,
      "invalid_request",
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  const app = clientId === ctx.app.clientId ? ctx.app : ctx.otherApps?.get(clientId);
  if (app === undefined) {
    return fail(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const scope = form.get("scope");
  if (scope === null || scope.trim() === "") {
    return fail(
      400,
      "invalid_request",
      900144,
      "The request body must contain the following parameter: 'scope'.",
    );
  }
  const resourceScopes = scope.split(/\s+/).filter((s) => s !== "" && !OIDC_SCOPES.has(s));
  const [requested] = resourceScopes;
  if (resourceScopes.length !== 1 || requested === undefined || !requested.endsWith("/.default")) {
    return fail(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  if (clientSecret === null || clientSecret === "") {
    return fail(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const secretState = app.checkSecret(clientSecret);
  if (secretState === "wrong") {
    return fail(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }
  if (secretState === "expired") {
    return fail(
      401,
      "invalid_client",
      7000222,
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    );
  }
  const resource = requested.slice(0, -"/.default".length);
  const audience = audienceOf(ctx, resource);
  if (audience === null) {
    return fail(
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }

  const now = Math.floor(Date.now() / 1000);
  const lifetime = ctx.tokenLifetimeSeconds;
  // Real tokens carry `roles` only when the app holds roles on that resource; Key Vault uses its own RBAC.
  const roles = audience === KEY_VAULT_RESOURCE ? [] : app.roles;
  const accessToken = ctx.signer.issue({
    aud: audience,
    iss: `${ctx.url}/${tenant}/`,
    iat: now,
    nbf: now,
    exp: now + lifetime,
    appid: clientId,
    oid: clientId,
    sub: clientId,
    tid: tenant,
    ...(roles.length > 0 ? { roles } : {}),
  });
  return jsonReply(
    200,
    { token_type: "Bearer", expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken },
    { "Cache-Control": "no-store, no-cache", Pragma: "no-cache", "x-ms-request-id": ids.requestId },
  );
}
