import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "./harness";

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** The `--json` startup line (url, store, pid; workers with --workers N). */
  startup: { url: string; pid: number; workers?: number[] };
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts the real CLI's `serve --json` and reads the URL from its startup line. */
export function startServe(env: NodeJS.ProcessEnv, args: string[] = []): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(REPO_ROOT, "sync/cli/main.ts"),
      "serve",
      "--listen",
      "127.0.0.1:0",
      "--json",
      ...args,
    ],
    { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n")[0];
      if (stdout.includes("\n") && line !== undefined) {
        const startup = JSON.parse(line) as ServeProcess["startup"];
        resolve({ child, url: startup.url, startup, stderr: () => stderr, exited });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)));
  });
}
