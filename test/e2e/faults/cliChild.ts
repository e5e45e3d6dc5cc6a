import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../repoRoot";

export interface FinishedCli {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Settles when the process has exited and its output is drained. */
  finished: Promise<FinishedCli>;
}

/** Starts the real CLI in a child process (node --import tsx), for tests that signal or kill it mid-run. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv, stdin = ""): RunningCli {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(REPO_ROOT, "sync/cli/main.ts"), ...args],
    { cwd: REPO_ROOT, env, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.stdin.end(stdin);
  const finished = new Promise<FinishedCli>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, finished };
}

/** Resolves once `condition` holds, polling every millisecond; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
