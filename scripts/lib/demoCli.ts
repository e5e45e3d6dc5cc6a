import path from "node:path";
import { runProcess } from "./runProcess";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** How the demo runs `entra-replicator`: the package's bin, from source, so it never runs a stale build. */
export const CLI_COMMAND = [process.execPath, "--import", "tsx", path.join(REPO_ROOT, "sync/cli/main.ts")];
export const CLI_COMMAND_SHOWN = "node --import tsx sync/cli/main.ts";

export interface CliOutcome {
  /** The command line as a user would type it (`entra-replicator sync --json`). */
  commandLine: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process with `env` as its whole environment, the way a pipeline does. */
export async function runEntraReplicator(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<CliOutcome> {
  const commandLine = commandLineOf(args);
  const [executable, ...prefix] = CLI_COMMAND as [string, ...string[]];
  const outcome = await runProcess(executable, [...prefix, ...args], { cwd: REPO_ROOT, env });
  return { commandLine, ...outcome };
}

/** `entra-replicator <args>`, quoted the way a shell needs it. */
export function commandLineOf(args: readonly string[]): string {
  return ["entra-replicator", ...args.map(shellQuote)].join(" ");
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, "\\$1")}"`;
}

/** What `entra-replicator sync --json` prints, as far as the demo reads it. */
export interface SyncDocument {
  mode: string;
  outcome: string;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  invalidNumbers: number;
  escrowed: number;
  pages: number;
  startedAt: string;
  finishedAt: string;
}
