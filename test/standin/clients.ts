import { ClientSecretCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import type { StandIn } from "./index";

/**
 * The real clients, wired to a stand-in the way the sync wires them to a custom cloud: authority host with
 * instance discovery off, and the Graph host in `customHosts` (otherwise no token is attached).
 */
export function credentialFor(standIn: StandIn, clientSecret: string): ClientSecretCredential {
  return new ClientSecretCredential(standIn.tenantId, standIn.clientId, clientSecret, {
    authorityHost: standIn.authorityHost,
    disableInstanceDiscovery: true,
  });
}

export function graphClientFor(standIn: StandIn, credential: ClientSecretCredential): Client {
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, {
      scopes: [`${standIn.graphEndpoint}/.default`],
    }),
    baseUrl: standIn.graphEndpoint,
    customHosts: new Set([new URL(standIn.graphEndpoint).hostname]),
    defaultVersion: "v1.0",
  });
}
