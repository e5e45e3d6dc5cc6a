import { spawnSync } from "node:child_process";
import type { TargetResult } from "./benchTargets";

export interface StartupMeasurement {
  command: string;
  /** Median wall time of the command, in ms. */
  medianMs: number;
  /** Median wall time of `node -e 0` measured between the command's runs (same load), in ms. */
  bareNodeMs: number;
  /** The figure the start-up target judges: median command minus median bare node. */
  overBareMs: number;
}

function wallMs(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): number {
  const started = performance.now();
  spawnSync(process.execPath, args, { env, cwd, stdio: "ignore" });
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Start-up of one CLI command against a bare `node -e 0`, runs interleaved so both see the same machine
 * load; medians, because a shared machine gives long tails.
 */
export function measureStartup(
  label: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  runs = 9,
): StartupMeasurement {
  const command: number[] = [];
  const bare: number[] = [];
  wallMs(args, env, cwd); // warm the file-system cache
  for (let i = 0; i < runs; i++) {
    bare.push(wallMs(["-e", "0"], env, cwd));
    command.push(wallMs(args, env, cwd));
  }
  const medianMs = median(command);
  const bareNodeMs = median(bare);
  return { command: label, medianMs, bareNodeMs, overBareMs: medianMs - bareNodeMs };
}

/** Issue 8: `--help`, `lookup` and `status` start within this much of a bare `node -e 0`. */
export const STARTUP_OVER_BARE_MS = 250;

export function evaluateStartup(measurements: readonly StartupMeasurement[]): TargetResult[] {
  return measurements.map((m) => ({
    target: `start-up of \`entra-replicator ${m.command}\` ≤ ${STARTUP_OVER_BARE_MS} ms over node -e 0`,
    measured: `+${Math.round(m.overBareMs)} ms (${Math.round(m.medianMs)} ms vs ${Math.round(m.bareNodeMs)} ms)`,
    pass: m.overBareMs <= STARTUP_OVER_BARE_MS,
  }));
}
