import { Writable } from "node:stream";
import { main } from "../cli/main";

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written; `isTTY` as asked. */
export function capture(isTTY = false): Writable & { text(): string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += typeof chunk === "string" ? chunk : chunk.toString("utf8");
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => text });
}

/** The CLI in this process: `args` as typed after `entra-replicator`, the environment given and nothing else. */
export async function runCliInProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stdin = "",
): Promise<InProcessRun> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(["node", "entra-replicator", ...args], {
    env,
    stdout,
    stderr,
    readStdin: () => stdin,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
