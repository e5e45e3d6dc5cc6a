import { spawn } from "node:child_process";

export interface ProcessOutcome {
  /** `null` when the process was ended by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunProcessOptions {
  /** @default the current process's working directory */
  cwd?: string;
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  /**
   * Written to the child's stdin, which is then closed. Without it the child's stdin is /dev/null, not a
   * pipe: a few CLIs tell the two apart, so callers keep whichever they always had.
   */
  stdin?: string;
}

/**
 * Runs `command` to its end and collects its output. Settles with the exit code whatever it is (the caller
 * decides what a failure is); rejects only when the process cannot be started.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const { cwd, env } = options;
    const child =
      options.stdin === undefined
        ? spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
        : spawn(command, args, { cwd, env, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  });
}
