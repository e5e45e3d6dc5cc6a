import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";
import { type ClusterMessage, isClusterMessage } from "./clusterMessages";
import { answerMetricsRequests } from "./clusterMetrics";
import { SERVE_WORKER_ENV } from "./clusterWorker";
import { serveWorkerFailed } from "./serveErrors";

export interface ServeClusterOptions {
  /** Worker processes to fork; each runs the same command line and serves from the shared port. */
  workers: number;
  logger: Logger;
  /** @default ["SIGTERM", "SIGINT"] */
  signals?: readonly NodeJS.Signals[];
}

export interface RunningCluster {
  url: string;
  /** The worker processes serving now (replacements included). */
  workerPids(): number[];
  /** Resolves with the exit code for the primary once every worker exited after a stop: 0 when all stopped cleanly. */
  stopped: Promise<number>;
  /** Asks every worker to stop gracefully (in-flight requests finish); idempotent. */
  stop(): void;
}

/** A worker that dies is replaced after this delay, doubled for each further death within a minute (at most 30 s). */
const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

/**
 * The primary process of `serve --workers N`. Node serves HTTP from one thread, so one process uses one
 * core; the cluster's primary owns the listening socket and hands connections to the workers in turn.
 * The primary serves nothing itself: it starts the workers, replaces one that dies, collects /metrics
 * across them, and stops them gracefully on SIGTERM/SIGINT. Resolves once every worker listens; rejects
 * (after stopping the others) when a worker exits before it listened — e.g. it could not open the store.
 */
export async function startServeCluster(options: ServeClusterOptions): Promise<RunningCluster> {
  const { logger } = options;
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  const startedAt = new Map<Worker, number>();
  const restarts = new Set<NodeJS.Timeout>();
  let stopping = false;
  let cleanExits = true;
  let recentDeaths = 0;
  const stopAnsweringMetrics = answerMetricsRequests();

  const fork = (): Worker => {
    const worker = cluster.fork({ [SERVE_WORKER_ENV]: "1" });
    startedAt.set(worker, Date.now());
    // A message to a worker that is leaving fails with EPIPE; its 'exit' tells the rest.
    worker.on("error", (error) =>
      logger.debug({ pid: worker.process.pid, err: error }, "worker channel error"),
    );
    return worker;
  };
  const url = await allListening(options.workers, fork, startedAt).catch((error: unknown) => {
    stopAnsweringMetrics();
    throw error;
  });

  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve));
  const finishIfDone = (): void => {
    if (!stopping || startedAt.size > 0) return;
    stopAnsweringMetrics();
    resolveStopped(cleanExits ? 0 : 1);
  };

  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? Date.now());
    startedAt.delete(worker);
    if (stopping) {
      if (code !== 0) cleanExits = false;
      finishIfDone();
      return;
    }
    recentDeaths = lived >= STABLE_AFTER_MS ? 1 : recentDeaths + 1;
    const delay = Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (recentDeaths - 1));
    logger.error(
      { pid: worker.process.pid, code, signal, restartInMs: delay },
      "a serve worker exited unexpectedly; the others go on serving and a replacement starts",
    );
    const restart = setTimeout(() => {
      restarts.delete(restart);
      if (!stopping) fork();
    }, delay);
    restarts.add(restart);
  });
  cluster.on("message", (worker, message: unknown) => {
    if (isClusterMessage(message, "entra-replicator:listening")) {
      logger.info({ pid: worker.process.pid }, "serve worker listening");
    }
  });

  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    for (const signal of signals) process.removeListener(signal, onSignal);
    for (const restart of restarts) clearTimeout(restart);
    const shutdown: ClusterMessage = { type: "entra-replicator:shutdown" };
    for (const worker of startedAt.keys()) {
      if (worker.isConnected()) worker.send(shutdown, undefined, undefined, () => undefined);
      else worker.process.kill("SIGTERM");
    }
    finishIfDone();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, "stopping: every worker lets its in-flight requests finish first");
    stop();
  };
  for (const signal of signals) process.once(signal, onSignal);

  return {
    url,
    workerPids: () => [...startedAt.keys()].flatMap((worker) => worker.process.pid ?? []),
    stopped,
    stop,
  };
}

/** Forks `count` workers and waits until each says it listens; a worker exiting first stops them all. */
function allListening(count: number, fork: () => Worker, startedAt: Map<Worker, number>): Promise<string> {
  return new Promise((resolve, reject) => {
    let listening = 0;
    const cleanUp = (): void => {
      cluster.removeListener("message", onMessage);
      cluster.removeListener("exit", onExit);
    };
    const onMessage = (_worker: Worker, message: unknown): void => {
      if (!isClusterMessage(message, "entra-replicator:listening")) return;
      listening += 1;
      if (listening < count) return;
      cleanUp();
      resolve(message.url);
    };
    const onExit = (worker: Worker, code: number | null, signal: string | null): void => {
      cleanUp();
      startedAt.delete(worker);
      const others = [...startedAt.keys()];
      for (const other of others) other.process.kill("SIGTERM");
      void Promise.all(others.map((other) => new Promise((done) => other.once("exit", done)))).then(() => {
        for (const other of others) startedAt.delete(other);
        reject(serveWorkerFailed(worker.process.pid, code, signal));
      });
    };
    cluster.on("message", onMessage);
    cluster.on("exit", onExit);
    for (let i = 0; i < count; i += 1) fork();
  });
}
