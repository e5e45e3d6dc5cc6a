import type { Command } from "commander";
import { type CliSettingOptions, addSettingOptions, commandSettings } from "../cliSettings";
import { addOutputOptions, type CommandContext, type OutputOptions } from "../context";
import type { SyncProgress } from "../../api/sync";
import { exitOnStopSignals } from "../interruptions";
import { recordInterruption } from "../recordInterruption";
import { renderSyncResult } from "../render";

type SyncOptions = CliSettingOptions &
  OutputOptions & { full?: boolean; dryRun?: boolean; background?: boolean };

export function registerSync(program: Command, context: CommandContext): void {
  const command = program
    .command("sync")
    .description(
      "Full or incremental sync (automatic); --full resyncs and removes contacts no longer in scope",
    )
    .option("--full", "force a full round (reconciles away contacts no longer in scope)")
    .option("--dry-run", "read and plan, print the plan, write nothing")
    .option("--background", "ask Graph to throttle this run first (default when stdout is not a terminal)")
    .action(async (options: SyncOptions) => {
      const resolver = commandSettings(options, context);
      const settings = options.dryRun === true ? resolver.sync() : resolver.syncToWrite();
      // Loaded on use: the Graph client and @azure/identity are most of the CLI's start-up time.
      const { syncWithSettings } = await import("../../api/sync");
      const { createLogger } = await import("../../log"); // pino: only a sync logs
      const { createProgressReporter } = await import("../progress"); // cli-progress: only a sync draws one
      const logger = createLogger({
        level: options.logLevel ?? (context.stderrIsTTY ? "warn" : "info"),
        destination: context.stderr,
      });
      const progress = createProgressReporter(context.stderrIsTTY && !context.json, context.terminal);
      const startedAt = new Date().toISOString();
      let lastProgress: SyncProgress | null = null;
      const restoreSignals = exitOnStopSignals(context.stderr, async (signal) => {
        if (options.dryRun === true) return;
        await recordInterruption(settings, {
          startedAt,
          full: options.full === true,
          progress: lastProgress,
          signal,
        });
      });
      try {
        const result = await syncWithSettings(settings, {
          full: options.full ?? false,
          dryRun: options.dryRun ?? false,
          background: options.background ?? !context.stdoutIsTTY,
          logger,
          onProgress: (update) => {
            lastProgress = update;
            progress.update(update);
          },
        });
        progress.stop();
        context.print(result, renderSyncResult(result));
      } finally {
        restoreSignals();
        progress.stop();
      }
    });
  addSettingOptions(command, ["connection", "store", "sync"]);
  addOutputOptions(command);
}
