import client from "prom-client";
import type { MetricsAggregation } from "./clusterMetrics";
import type { DirectoryReader, TenantDirectory } from "./directoryReader";

export type LookupResult = "hit" | "miss" | "invalid";

/**
 * The service's metrics, in a Registry of its own (the global one throws "already registered" when a
 * test builds the app twice). Label values come from small fixed sets: route templates, not URLs.
 *
 * With `serve --workers N` every worker process keeps its own registry and `/metrics` answers with
 * the sum over all workers (clusterMetrics.ts): counters and histograms add up, while
 * the store gauges, which every worker reads from the same store, take one worker's value (`first`)
 * or, for store_up, the worst (`min`).
 */
export class ServeMetrics {
  readonly registry = new client.Registry();
  private readonly requests: client.Counter<"route" | "method" | "status">;
  private readonly duration: client.Histogram<"route" | "method" | "status">;
  private readonly lookups: client.Counter<"result">;

  constructor(
    reader: DirectoryReader,
    now: () => number = Date.now,
    /** Set when this process is one of several workers: /metrics shows the sum over all of them. */
    private readonly acrossWorkers: MetricsAggregation | null = null,
  ) {
    acrossWorkers?.share(this.registry);
    const registers = [this.registry];
    this.requests = new client.Counter({
      name: "entra_replicator_http_requests_total",
      help: "HTTP requests answered, by route template, method and status code.",
      labelNames: ["route", "method", "status"],
      registers,
    });
    this.duration = new client.Histogram({
      name: "entra_replicator_http_request_duration_seconds",
      help: "Time to answer an HTTP request (until the response is handed to the socket).",
      labelNames: ["route", "method", "status"],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers,
    });
    this.lookups = new client.Counter({
      name: "entra_replicator_lookups_total",
      help: "Caller-ID lookups: hit (a contact owns the number), miss (nobody does), invalid (not a number).",
      labelNames: ["result"],
      registers,
    });
    for (const result of ["hit", "miss", "invalid"] as const) this.lookups.inc({ result }, 0);

    tenantGauge(registers, reader, {
      name: "entra_replicator_directory_contacts",
      help: "Contacts in each tenant's directory.",
      valueOf: (tenant) => tenant.count(),
    });
    tenantGauge(registers, reader, {
      name: "entra_replicator_last_successful_sync_age_seconds",
      help: "Seconds since each tenant's last successful sync finished (absent: never).",
      valueOf: async (tenant) => {
        const last = await tenant.lastSuccessfulSync();
        return last === null ? null : Math.max(0, (now() - last.getTime()) / 1000);
      },
    });
    new client.Gauge({
      name: "entra_replicator_store_up",
      help: "1 when the store could be read while collecting these metrics, else 0.",
      registers,
      aggregator: "min",
      async collect() {
        this.set(
          (await reader.ping().then(
            () => true,
            () => false,
          ))
            ? 1
            : 0,
        );
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text of the whole service (all workers under `serve --workers N`). */
  async exposition(): Promise<string> {
    return this.acrossWorkers === null ? this.registry.metrics() : this.acrossWorkers.collect();
  }

  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const labels = { route, method, status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  countLookup(result: LookupResult): void {
    this.lookups.inc({ result });
  }
}

/**
 * A gauge with one series per tenant of the store, read at each scrape; a tenant whose value cannot be read
 * (or is null) has no series. Every worker reads the same store, so across workers one value is kept.
 */
function tenantGauge(
  registers: client.Registry[],
  reader: DirectoryReader,
  gauge: { name: string; help: string; valueOf: (tenant: TenantDirectory) => Promise<number | null> },
): void {
  new client.Gauge({
    name: gauge.name,
    help: gauge.help,
    labelNames: ["tenant"],
    registers,
    aggregator: "first",
    async collect() {
      this.reset();
      for (const tenant of await tenantsOrNone(reader)) {
        const value = await gauge.valueOf(reader.tenant(tenant)).catch(() => null);
        if (value !== null) this.set({ tenant }, value);
      }
    },
  });
}

/** A store that cannot be read shows as store_up 0 and no per-tenant series, not as a failed scrape. */
async function tenantsOrNone(reader: DirectoryReader): Promise<string[]> {
  try {
    return await reader.tenantIds();
  } catch {
    return [];
  }
}
