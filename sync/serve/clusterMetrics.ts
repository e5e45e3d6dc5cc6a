import cluster, { type Worker } from "node:cluster";
import client from "prom-client";
import { type ClusterMessage, isClusterMessage } from "./clusterMessages";

/** How a worker's /metrics gets the whole service's metrics: share its registry, collect everyone's. */
export interface MetricsAggregation {
  share(registry: client.Registry): void;
  collect(): Promise<string>;
}

/** prom-client gives up on a worker after 5 s; the worker waits a little longer for the primary's answer. */
const COLLECT_TIMEOUT_MS = 6_000;

/**
 * Worker side: the registry is handed to prom-client's cluster support (which answers the primary's
 * collection requests), and a scrape asks the primary for the aggregate of all workers.
 */
export function metricsOfAllWorkers(): MetricsAggregation {
  let nextRequestId = 0;
  return {
    share(registry) {
      new client.AggregatorRegistry(); // installs prom-client's listener for the primary's requests
      client.AggregatorRegistry.setRegistries([registry]);
    },
    collect() {
      const requestId = nextRequestId++;
      return new Promise((resolve, reject) => {
        const timeout = setTimeout(() => {
          process.removeListener("message", onMessage);
          reject(new Error("the primary process did not answer with the workers' metrics within 6 s"));
        }, COLLECT_TIMEOUT_MS);
        const onMessage = (message: unknown): void => {
          if (!isClusterMessage(message, "entra-replicator:metrics-response")) return;
          if (message.requestId !== requestId) return;
          clearTimeout(timeout);
          process.removeListener("message", onMessage);
          if (message.text !== undefined) resolve(message.text);
          else
            reject(
              new Error(`collecting the workers' metrics failed: ${message.error ?? "no reason given"}`),
            );
        };
        process.on("message", onMessage);
        const request: ClusterMessage = { type: "entra-replicator:metrics-request", requestId };
        process.send!(request);
      });
    },
  };
}

/**
 * Primary side: answers the workers' metrics requests with prom-client's aggregate over all workers
 * (which it collects over the same channel). Returns the function that stops answering.
 */
export function answerMetricsRequests(): () => void {
  const aggregator = new client.AggregatorRegistry();
  const onMessage = (worker: Worker, message: unknown): void => {
    if (!isClusterMessage(message, "entra-replicator:metrics-request")) return;
    const { requestId } = message;
    const reply = (answer: { text?: string; error?: string }): void => {
      const response: ClusterMessage = { type: "entra-replicator:metrics-response", requestId, ...answer };
      if (worker.isConnected()) worker.send(response, undefined, undefined, () => undefined);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  };
  cluster.on("message", onMessage);
  return () => cluster.removeListener("message", onMessage);
}
