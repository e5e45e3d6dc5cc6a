import cliProgress from "cli-progress";
import type { SyncProgress } from "../api/sync";

export interface ProgressReporter {
  update: (progress: SyncProgress) => void;
  stop: () => void;
}

/** Progress on stderr, for people watching a terminal; a no-op otherwise (pipes and --json stay clean). */
export function createProgressReporter(
  enabled: boolean,
  stream: NodeJS.WritableStream = process.stderr,
): ProgressReporter {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        "{mode} round | {value} users read | page {pages} | +{created} ~{updated} ={unchanged} escrowed {escrowed}",
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  // cli-progress hides the cursor; give it back however the process ends (interruptions.ts exits on
  // SIGINT/SIGTERM through process.exit, which runs this hook).
  const restoreOnExit = () => {
    if (started && !stopped) bar.stop();
  };
  process.once("exit", restoreOnExit);
  return {
    update: (progress) => {
      if (stopped) return;
      const payload = { ...progress };
      if (!started) {
        bar.start(0, progress.records, payload);
        started = true;
      } else {
        bar.update(progress.records, payload);
      }
    },
    stop: () => {
      if (started && !stopped) bar.stop();
      stopped = true;
      process.removeListener("exit", restoreOnExit);
    },
  };
}
