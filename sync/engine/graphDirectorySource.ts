import type { Client } from "@microsoft/microsoft-graph-client";
import type { ReplicatorError } from "../errors";
import { isDeltaTokenExpired } from "../graph/graphErrors";
import { diagnoseCredentialError } from "../identity/authorityProbe";
import type { EndpointContext } from "../identity/identityErrors";
import { readUserDelta } from "../graph/deltaReader";
import { DeltaTokenExpiredError, type DirectorySource, type SourcePage } from "./directorySource";
import { explainRunError } from "./explainRunError";

export interface GraphSourceOptions {
  /** `Prefer: odata.maxpagesize`; null: Graph's own. */
  pageSize: number | null;
  /** Where errors say to look (tenant, app, authority, Graph endpoint). */
  endpoints: EndpointContext;
}

/** Microsoft Graph's `/users/delta` as a DirectorySource: the production implementation. */
export class GraphDirectorySource implements DirectorySource {
  constructor(
    private readonly client: Client,
    private readonly options: GraphSourceOptions,
  ) {}

  async *readRound(deltaLink: string | null): AsyncGenerator<SourcePage, void> {
    try {
      yield* readUserDelta(this.client, { deltaLink, pageSize: this.options.pageSize });
    } catch (error) {
      if (deltaLink !== null && isDeltaTokenExpired(error)) throw new DeltaTokenExpiredError(error);
      throw error;
    }
  }

  async explainError(error: unknown): Promise<ReplicatorError> {
    // MSAL says only "endpoints could not be read" for an unknown tenant and an unreachable host alike.
    const endpoints = this.options.endpoints;
    return (await diagnoseCredentialError(error, endpoints)) ?? explainRunError(error, endpoints);
  }
}
