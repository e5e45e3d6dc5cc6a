/**
 * What the processes of `serve --workers N` say to each other over the cluster's IPC channel. Every
 * type is prefixed so that prom-client's own cluster messages (and anything else) pass by untouched.
 */
export type ClusterMessage =
  /** worker → primary: listening, at this URL (every worker shares the primary's socket and port). */
  | { type: "entra-replicator:listening"; url: string }
  /** primary → worker: stop accepting, let in-flight requests finish, exit. */
  | { type: "entra-replicator:shutdown" }
  /** worker → primary: a scrape of /metrics wants the whole service's metrics. */
  | { type: "entra-replicator:metrics-request"; requestId: number }
  /** primary → worker: the aggregated exposition, or why there is none. */
  | { type: "entra-replicator:metrics-response"; requestId: number; text?: string; error?: string };

export function isClusterMessage<T extends ClusterMessage["type"]>(
  message: unknown,
  type: T,
): message is Extract<ClusterMessage, { type: T }> {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === type;
}
