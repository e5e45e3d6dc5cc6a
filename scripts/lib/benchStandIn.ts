import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { createInterface } from "node:readline";
import type { RequestCounts } from "../../standin";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const STANDIN_CA = path.join(REPO_ROOT, "standin/tls/ca.pem");

export interface StandInProcess {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** POST /_control/<route> with a JSON body; rejects on a non-2xx answer. */
  control(route: string, body: unknown): Promise<unknown>;
  /** Requests the stand-in received per route since the last call (then cleared): a round's request budget. */
  takeRequestCounts(): Promise<RequestCounts>;
  stop(): Promise<void>;
}

/**
 * The stand-in in its own process (standin/main.ts), so its memory and CPU are not the measured
 * process's. Resolves once it prints its `{url, tenantId, clientId, clientSecret}` line.
 */
export function startStandInProcess(options: { users: number; seed: number }): Promise<StandInProcess> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(REPO_ROOT, "standin/main.ts"),
      "--users",
      String(options.users),
      "--seed",
      String(options.seed),
    ],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    child.once("exit", (code) =>
      reject(new Error(`the stand-in exited (${code}) before it was ready: ${stderr}`)),
    );
    lines.once("line", (line) => {
      const ready = JSON.parse(line) as {
        url: string;
        tenantId: string;
        clientId: string;
        clientSecret: string;
      };
      const ca = fs.readFileSync(STANDIN_CA);
      resolve({
        ...ready,
        control: (route, body) => postJson(`${ready.url}/_control/${route}`, body, ca),
        takeRequestCounts: async () => {
          const { counts } = (await postJson(`${ready.url}/_control/requests/takeCounts`, {}, ca)) as {
            counts: RequestCounts;
          };
          return counts;
        },
        stop: () => stopChild(child),
      });
    });
  });
}

function postJson(url: string, body: unknown, ca: Buffer): Promise<unknown> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: "POST",
        ca,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(JSON.parse(text) as unknown);
          else reject(new Error(`POST ${url} answered ${status}: ${text}`));
        });
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
