import cluster from "node:cluster";
import { type ClusterMessage, isClusterMessage } from "./clusterMessages";
import type { RunningServer } from "./server";

/** Set by serve's primary in the environment of the workers it forks. */
export const SERVE_WORKER_ENV = "ENTRA_REPLICATOR_SERVE_WORKER";

/**
 * True in a worker forked by `serve --workers N` (its primary prints the startup line and collects
 * metrics) — not merely in any cluster worker: a process manager's cluster mode (PM2) forks workers too,
 * and their primary speaks none of our messages.
 */
export function isServeWorker(): boolean {
  return cluster.isWorker && process.env[SERVE_WORKER_ENV] === "1";
}

/**
 * A worker's life after it listens: it tells the primary, stops gracefully when the primary says so (or
 * on its own SIGTERM/SIGINT, e.g. Ctrl-C reaching the whole process group), then leaves the cluster so
 * the process can exit. Had the primary died instead, Node ends the worker at once (cluster's rule for
 * a lost channel): no worker outlives its primary.
 */
export async function serveAsWorker(server: RunningServer): Promise<void> {
  const onMessage = (message: unknown): void => {
    if (isClusterMessage(message, "entra-replicator:shutdown")) void server.stop();
  };
  process.on("message", onMessage);
  const listening: ClusterMessage = { type: "entra-replicator:listening", url: server.url };
  process.send!(listening);
  await server.stopped;
  process.removeListener("message", onMessage);
  if (cluster.worker?.isConnected() === true) cluster.worker.disconnect();
}
