import fs from "node:fs";
import autocannon from "autocannon";

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors, timeouts and answers with an unexpected status. */
  errors: number;
}

/** autocannon against one URL pattern; `path(i)` gives the i-th request's path, `expected` its status. */
export async function load(options: {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  path: (i: number) => string;
  expected: number;
}): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers,
    requests: [{ setupRequest: (request) => ({ ...request, path: options.path(i++) }) }],
  });
  const statuses =
    (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const total = Object.values(statuses).reduce((sum, s) => sum + s.count, 0);
  const unexpected = total - (statuses[String(options.expected)]?.count ?? 0);
  return {
    connections: options.connections,
    seconds: options.seconds,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + unexpected,
  };
}

/**
 * Peak resident memory of the server's processes (Linux /proc), sampled every 20 ms while `work` runs:
 * the largest single process (the one streaming a response) and the sum over all of them.
 */
export async function peakRssDuring<T>(
  pids: readonly number[],
  work: () => Promise<T>,
): Promise<{ result: T; peakMb: number; peakTotalMb: number }> {
  let peakMb = 0;
  let peakTotalMb = 0;
  const sample = (): void => {
    const each = pids.map(rssMb);
    peakMb = Math.max(peakMb, ...each);
    peakTotalMb = Math.max(
      peakTotalMb,
      each.reduce((sum, mb) => sum + mb, 0),
    );
  };
  sample();
  const timer = setInterval(sample, 20);
  try {
    const result = await work();
    sample();
    return { result, peakMb, peakTotalMb };
  } finally {
    clearInterval(timer);
  }
}

export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** CPU seconds (user + system) processes have used so far, summed (Linux /proc; clock ticks of 10 ms). */
export function cpuSeconds(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return sum + (Number(fields[11]) + Number(fields[12])) / 100;
  }, 0);
}

/**
 * Server-side time of one route from the service's own histogram (/metrics): the share of requests
 * answered within each bucket bound, e.g. { "0.001": 0.97 } = 97 % within 1 ms of server time.
 */
export async function serverTimeShares(url: string, route: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const series = (suffix: string) =>
    text
      .split("\n")
      .filter((line) => line.startsWith(`entra_replicator_http_request_duration_seconds${suffix}{`))
      .filter((line) => line.includes(`route="${route}"`) && line.includes('status="200"'));
  const total = Number(series("_count")[0]?.split(" ")[1] ?? 0);
  const shares: Record<string, number> = {};
  for (const line of series("_bucket")) {
    const bound = /le="([^"]+)"/.exec(line)?.[1];
    if (bound !== undefined && bound !== "+Inf") shares[bound] = Number(line.split(" ")[1]) / total;
  }
  return shares;
}
