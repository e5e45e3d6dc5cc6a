/** What one tenant size measured, in one bench run. */
export interface SizeMeasurement {
  users: number;
  contacts: number;
  pages: number;
  fetchOnlyMs: number;
  fullMs: number;
  /** CPU time (user + system) of the fetch-only and the full-sync process: where a wall-time ratio comes from. */
  fetchOnlyCpuMs: number;
  fullCpuMs: number;
  incrementalMs: number;
  /** An incremental run with nothing changed: the fixed cost of a run (informational, no target). */
  idleIncrementalMs: number;
  /** Users changed before the incremental run. */
  changed: number;
  fullMaxRssKb: number;
  incrementalMaxRssKb: number;
}

export interface TargetResult {
  target: string;
  measured: string;
  pass: boolean;
}

/** The targets of issue 3, as limits. */
export const TARGETS = {
  fullOverFetchOnly: 1.3,
  incrementalOverFull: 0.05,
  peakRssMb: 200,
  peakRssAtUsers: 100_000,
  rssGrowth: 2,
  normalisationPerSecond: 30_000,
} as const;

const mb = (kb: number) => kb / 1024;

/**
 * Judges the measurements against the targets. The RSS targets need the 100k size (and, for the growth
 * ratio, the smallest size below it); sizes that are not measured give no verdict rather than a pass.
 */
export function evaluateTargets(
  sizes: readonly SizeMeasurement[],
  normalisationPerSecond: number,
): TargetResult[] {
  const results: TargetResult[] = [];
  for (const size of sizes) {
    const ratio = size.fullMs / size.fetchOnlyMs;
    results.push({
      target: `${label(size.users)}: full sync ≤ ${TARGETS.fullOverFetchOnly}× fetch-only`,
      measured: `${ratio.toFixed(2)}× (${seconds(size.fullMs)} / ${seconds(size.fetchOnlyMs)})`,
      pass: ratio <= TARGETS.fullOverFetchOnly,
    });
  }
  for (const size of sizes) {
    const share = size.incrementalMs / size.fullMs;
    results.push({
      target: `${label(size.users)}: incremental (1% changed) ≤ ${TARGETS.incrementalOverFull * 100}% of full`,
      measured: `${(share * 100).toFixed(1)}% (${seconds(size.incrementalMs)} / ${seconds(size.fullMs)})`,
      pass: share <= TARGETS.incrementalOverFull,
    });
  }
  const large = sizes.find((size) => size.users === TARGETS.peakRssAtUsers);
  if (large !== undefined) {
    const peak = peakRssKb(large);
    results.push({
      target: `${label(large.users)}: peak RSS of the sync ≤ ${TARGETS.peakRssMb} MB`,
      measured: `${mb(peak).toFixed(0)} MB`,
      pass: mb(peak) <= TARGETS.peakRssMb,
    });
    const small = sizes.filter((size) => size.users < large.users).sort((a, b) => a.users - b.users)[0];
    if (small !== undefined) {
      const growth = peak / peakRssKb(small);
      results.push({
        target: `peak RSS ${label(large.users)} / ${label(small.users)} < ${TARGETS.rssGrowth}`,
        measured: `${growth.toFixed(2)} (${mb(peak).toFixed(0)} MB / ${mb(peakRssKb(small)).toFixed(0)} MB)`,
        pass: growth < TARGETS.rssGrowth,
      });
    }
  }
  results.push({
    target: `normalisation ≥ ${TARGETS.normalisationPerSecond / 1000}k numbers/s on one core`,
    measured: `${Math.round(normalisationPerSecond).toLocaleString("en-US")} /s`,
    pass: normalisationPerSecond >= TARGETS.normalisationPerSecond,
  });
  return results;
}

export function peakRssKb(size: SizeMeasurement): number {
  return Math.max(size.fullMaxRssKb, size.incrementalMaxRssKb);
}

export function renderMeasurements(sizes: readonly SizeMeasurement[]): string {
  const header = [
    "users",
    "contacts",
    "pages",
    "fetch-only",
    "full sync",
    "incremental",
    "changed",
    "no-change run",
    "RSS full",
    "RSS incr.",
    "CPU fetch-only",
    "CPU full",
  ];
  const rows = sizes.map((size) => [
    size.users.toLocaleString("en-US"),
    size.contacts.toLocaleString("en-US"),
    String(size.pages),
    seconds(size.fetchOnlyMs),
    seconds(size.fullMs),
    seconds(size.incrementalMs),
    size.changed.toLocaleString("en-US"),
    seconds(size.idleIncrementalMs),
    `${mb(size.fullMaxRssKb).toFixed(0)} MB`,
    `${mb(size.incrementalMaxRssKb).toFixed(0)} MB`,
    seconds(size.fetchOnlyCpuMs),
    seconds(size.fullCpuMs),
  ]);
  return table(header, rows);
}

export function renderTargets(results: readonly TargetResult[]): string {
  return table(
    ["target", "measured", "verdict"],
    results.map((result) => [result.target, result.measured, result.pass ? "PASS" : "FAIL"]),
  );
}

/** A Markdown table, readable as plain text too (columns padded). */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

function label(users: number): string {
  return users % 1000 === 0 ? `${users / 1000}k users` : `${users} users`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
