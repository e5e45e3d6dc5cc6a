import type { Command } from "commander";
import { Writable } from "node:stream";
import type { ExitCodeValue } from "../errors";
import { scrubSecrets } from "../scrubSecrets";

/** What the CLI is given from outside: the process's environment and streams, or a test's. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Reads all of stdin (`--stack-outputs -`). @default fd 0 */
  readStdin?: () => string;
}

/**
 * What a command's register function receives (`sync/cli/commands/<name>.ts`). `stdout` and `stderr`
 * scrub every secret the run has seen; print results with `print` (one JSON document with --json).
 * A failure is a thrown ReplicatorError (main renders it and exits with its code); a command that ends
 * with another code without failing (lookup: not found) calls `exit`.
 */
export interface CommandContext extends CliIo {
  /** --json was given: stdout carries exactly one JSON document. */
  readonly json: boolean;
  print(document: unknown, human: string): void;
  exit(code: ExitCodeValue): void;
  /** The same as `exit` (the name the fleet and serve commands use). */
  setExitCode(code: ExitCodeValue): void;
  /** Secrets found while resolving settings (a --config file, stack outputs): scrubbed from then on. */
  knowSecrets(secrets: readonly string[]): void;
  /** Whether the real streams are terminals (progress bar, background priority, log level). */
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** The unscrubbed stderr, only for the terminal progress bar (it prints no values). */
  readonly terminal: NodeJS.WritableStream;
}

/** Builds the context; `exitCode()` reads what the command asked for. */
export function createCommandContext(
  io: CliIo,
  argv: readonly string[],
): CommandContext & { exitCode(): ExitCodeValue | null; scrub(text: string): string } {
  let secrets = [...secretsInArgv(argv), io.env.AZURE_CLIENT_SECRET].filter(
    (secret): secret is string => secret !== undefined && secret !== "",
  );
  let exitCode: ExitCodeValue | null = null;
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const stdout = scrubbing(io.stdout, scrub);
  const json = argv.includes("--json");
  return {
    env: io.env,
    ...(io.readStdin !== undefined && { readStdin: io.readStdin }),
    stdout,
    stderr: scrubbing(io.stderr, scrub),
    json,
    print: (document, human) => {
      stdout.write(json ? `${JSON.stringify(document, null, 2)}\n` : `${human}\n`);
    },
    exit: (code) => {
      exitCode = code;
    },
    setExitCode: (code) => {
      exitCode = code;
    },
    knowSecrets: (more) => {
      secrets = [...new Set([...secrets, ...more.filter((secret) => secret !== "")])];
    },
    stdoutIsTTY: isTTY(io.stdout),
    stderrIsTTY: isTTY(io.stderr),
    terminal: io.stderr,
    exitCode: () => exitCode,
    scrub,
  };
}

function isTTY(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** A stream that scrubs each chunk before handing it on, synchronously (so nothing is lost on exit). */
function scrubbing(target: NodeJS.WritableStream, scrub: (text: string) => string): NodeJS.WritableStream {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      target.write(scrub(typeof chunk === "string" ? chunk : chunk.toString("utf8")));
      done();
    },
  });
}

function secretsInArgv(argv: readonly string[]): string[] {
  const secrets: string[] = [];
  argv.forEach((arg, index) => {
    if (arg === "--client-secret" && argv[index + 1] !== undefined) secrets.push(argv[index + 1] as string);
    if (arg.startsWith("--client-secret=")) secrets.push(arg.slice("--client-secret=".length));
  });
  return secrets;
}

/** --json and --log-level, for the commands that print a result and log. */
export function addOutputOptions(command: Command): Command {
  return command
    .option("--json", "print exactly one JSON document on stdout (logs stay on stderr)")
    .option("--log-level <level>", "pino log level on stderr (default info, warn on a terminal)");
}

export interface OutputOptions {
  json?: boolean;
  logLevel?: string;
}
