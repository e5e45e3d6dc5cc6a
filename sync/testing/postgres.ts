/**
 * A real PostgreSQL server for tests: `initdb` + `pg_ctl` into a temp dir on a free loopback port, torn
 * down after. One server per test file; each test gets a schema of its own (pg-boss style), so tests
 * never see each other's rows and nothing is shared between files. As root (these build machines) the
 * server runs as the `postgres` user via `runuser`, because initdb refuses root; GitHub runners are not root.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** A fresh schema name, unique in this server (tables are created in it by the store on open). */
  newSchema(label?: string): string;
  stop(): Promise<void>;
}

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;

function run(command: string, args: string[], options: { quiet?: boolean } = {}): void {
  const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  execFileSync(file, argv, { stdio: options.quiet === false ? "inherit" : "pipe" });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-pg-"));
  const dataDir = path.join(dir, "data");
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  run("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "-N"]);
  const port = await freePort();
  // Durability off (fsync, full pages): a test server is thrown away, and it keeps 2-core machines fast.
  const serverOptions = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=60",
    "-c shared_buffers=32MB",
  ].join(" ");
  run("pg_ctl", [
    "-D",
    dataDir,
    "-l",
    path.join(dir, "server.log"),
    "-o",
    serverOptions,
    "-w",
    "-t",
    "30",
    "start",
  ]);
  let counter = 0;
  const prefix = `t${randomBytes(3).toString("hex")}`;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    newSchema: (label = "s") => `${prefix}_${label.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${++counter}`,
    stop: async () => {
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
