import { ClientSecretCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";

/** Where a stand-in listens and whom it knows: a `StandIn`, or the JSON line `main.ts` prints. */
export interface StandInAddress {
  url: string;
  tenantId: string;
  clientId: string;
}

/**
 * The real clients, wired to a stand-in the way the sync wires them to a custom cloud: authority host with
 * instance discovery off, and the Graph host in `customHosts` (otherwise no token is attached).
 */
export function credentialFor(standIn: StandInAddress, clientSecret: string): ClientSecretCredential {
  return new ClientSecretCredential(standIn.tenantId, standIn.clientId, clientSecret, {
    authorityHost: standIn.url,
    disableInstanceDiscovery: true,
  });
}

export function graphClientFor(standIn: StandInAddress, credential: ClientSecretCredential): Client {
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, {
      scopes: [`${standIn.url}/.default`],
    }),
    baseUrl: standIn.url,
    customHosts: new Set([new URL(standIn.url).hostname]),
    defaultVersion: "v1.0",
  });
}
