import os from "node:os";

const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * While a sync runs, SIGINT/SIGTERM end it through `process.exit`, so exit hooks (the store lock's
 * release) run: Node's default for these signals ends the process without them, leaving a lock that
 * only the next run's stale-lock check clears. Stopping here is as safe as a crash: handlers run
 * between event-loop tasks, never inside a page's SQLite transaction, and the deltaLink is saved only
 * after its round, so the next run re-reads what this one did not finish. Returns the uninstaller.
 */
export function exitOnStopSignals(
  stderr: NodeJS.WritableStream = process.stderr,
  /** Runs first (records the interrupted run in the history); given at most 3 s before the process exits. */
  onStop?: (signal: NodeJS.Signals) => Promise<unknown>,
): () => void {
  const uninstallers = STOP_SIGNALS.map((signal) => {
    const stop = async (): Promise<void> => {
      if (onStop !== undefined) {
        await Promise.race([
          onStop(signal).catch(() => undefined),
          new Promise((done) => setTimeout(done, 3000)),
        ]);
      }
      stderr.write(
        `Interrupted by ${signal}: what was applied so far is kept and the delta token was not advanced; ` +
          "run the sync again to finish.\n",
      );
      // The shell convention for "ended by a signal": 128 + its number (130, 143).
      process.exit(128 + os.constants.signals[signal]);
    };
    const handler = () => void stop();
    process.once(signal, handler);
    return () => process.removeListener(signal, handler);
  });
  return () => {
    for (const uninstall of uninstallers) uninstall();
  };
}
