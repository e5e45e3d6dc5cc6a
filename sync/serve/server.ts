import type { FastifyInstance } from "fastify";
import { listenAddressInvalid } from "./serveErrors";

export interface ListenAddress {
  host: string;
  port: number;
}

/** `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all interfaces). */
export function parseListenAddress(value: string): ListenAddress {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]*)):(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[3]);
  if (match === null || !Number.isInteger(port) || port > 65_535) throw listenAddressInvalid(value);
  const host = match[1] ?? match[2] ?? "";
  return { host: host === "" ? "0.0.0.0" : host, port };
}

export interface RunningServer {
  url: string;
  /** Resolves when the server stopped (after a signal or `stop()`). */
  stopped: Promise<void>;
  /** Stops accepting, lets in-flight requests finish (new ones on kept-alive connections get 503), closes the store. */
  stop(): Promise<void>;
}

/** In-flight requests get this long after SIGTERM; then the remaining connections are cut. */
const SHUTDOWN_GRACE_MS = 30_000;

/** Listens, and stops gracefully on SIGTERM / SIGINT (the server file only listens and handles signals). */
export async function startServer(
  app: FastifyInstance,
  address: ListenAddress,
  signals: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"],
): Promise<RunningServer> {
  await app.listen({ host: address.host, port: address.port });
  const bound = app.server.address();
  const port = typeof bound === "object" && bound !== null ? bound.port : address.port;
  const host = address.host.includes(":") ? `[${address.host}]` : address.host;

  let stopping: Promise<void> | null = null;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const onSignal = (signal: NodeJS.Signals): void => {
    app.log.info({ signal }, "stopping: in-flight requests finish first");
    void stop();
  };
  const stop = (): Promise<void> => {
    if (stopping !== null) return stopping;
    for (const signal of signals) process.removeListener(signal, onSignal);
    const cut = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    cut.unref();
    stopping = app.close().finally(() => {
      clearTimeout(cut);
      resolveStopped();
    });
    return stopping;
  };
  for (const signal of signals) process.once(signal, onSignal);
  return { url: `http://${host}:${port}`, stopped, stop };
}
