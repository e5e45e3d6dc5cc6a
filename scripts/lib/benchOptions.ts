/** The bench's command line: `npm run bench [-- --sizes 10000,100000] [--seed 42] [--graph-latency-ms 0] [--no-fail]`. */
export interface BenchOptions {
  sizes: number[];
  seed: number;
  fail: boolean;
  /** Added by the stand-in before answering each /users/delta request: what-if runs with a remote Graph. */
  graphLatencyMs: number;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { sizes: [10_000, 100_000], seed: 42, fail: true, graphLatencyMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--no-fail") {
      options.fail = false;
    } else if (flag === "--sizes") {
      const sizes = (value ?? "").split(",").map((part) => Number(part.trim()));
      if (sizes.length === 0 || sizes.some((size) => !Number.isInteger(size) || size < 1)) {
        throw new Error(
          `--sizes needs a comma-separated list of user counts, e.g. --sizes 10000,100000 (got ${value ?? "nothing"})`,
        );
      }
      options.sizes = sizes;
      i += 1;
    } else if (flag === "--graph-latency-ms") {
      if (value === undefined || !/^\d+$/.test(value)) {
        throw new Error(
          `--graph-latency-ms needs a whole number of milliseconds, e.g. --graph-latency-ms 100 (got ${value ?? "nothing"})`,
        );
      }
      options.graphLatencyMs = Number(value);
      i += 1;
    } else if (flag === "--seed") {
      if (value === undefined || !/^\d+$/.test(value)) {
        throw new Error(
          `--seed needs a non-negative whole number, e.g. --seed 42 (got ${value ?? "nothing"})`,
        );
      }
      options.seed = Number(value);
      i += 1;
    } else {
      throw new Error(
        `unknown option ${flag}; use --sizes 10000,100000, --seed 42, --graph-latency-ms 0, --no-fail`,
      );
    }
  }
  return options;
}
