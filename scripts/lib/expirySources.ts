import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename } from "node:path";

import type { StackOutputsDocument } from "./expiryEvaluation";
import { STDIN_STACK } from "./expiryFields";
import { parseJsonWithoutEcho } from "./stackOutputs";

/**
 * Where the expiry check gets stack outputs from: saved files, stdin, or `pulumi stack output --json`.
 * A source that cannot be read becomes a document with `readError`, so one broken stack is reported
 * next to the others instead of hiding them.
 */

/**
 * Parses stack-output JSON without ever echoing it. Not stackOutputs.ts's parseStackOutputs: its fixes ask
 * for `--show-secrets`, and this check must never steer anyone there.
 */
export function parseOutputsJson(text: string, origin: string): { outputs?: unknown; readError?: string } {
  const parsed = parseJsonWithoutEcho(text);
  if (parsed === null) {
    return {
      readError: `${origin} is not valid JSON: pass the output of \`pulumi stack output --json\` unchanged`,
    };
  }
  return { outputs: parsed.json };
}

/**
 * A file argument: `path` (stack named after the file: `outputs/contoso.json` → `contoso`), `-` for
 * stdin, or `stack=path` to name the stack explicitly.
 */
export function parseFileArgument(argument: string): { stack: string; path: string } {
  const separator = argument.indexOf("=");
  if (separator > 0) {
    return { stack: argument.slice(0, separator), path: argument.slice(separator + 1) };
  }
  if (argument === "-") return { stack: STDIN_STACK, path: "-" };
  return { stack: basename(argument).replace(/\.json$/i, ""), path: argument };
}

export function readOutputsFile(argument: string, readStdin: () => string): StackOutputsDocument {
  const { stack, path } = parseFileArgument(argument);
  let text: string;
  try {
    text = path === "-" ? readStdin() : readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    return {
      stack,
      readError: `cannot read ${path} (${reason}): save it with \`pulumi stack output --json --stack ${stack} > ${path}\``,
    };
  }
  return { stack, ...parseOutputsJson(text, path === "-" ? "stdin" : path) };
}

export class PulumiNotFoundError extends Error {
  constructor(command: string) {
    super(
      `--stack needs the Pulumi CLI, but \`${command}\` is not on PATH: install it (https://www.pulumi.com/docs/install/) ` +
        `or pass saved \`pulumi stack output --json\` files instead`,
    );
    this.name = "PulumiNotFoundError";
  }
}

/** Runs `pulumi stack output --json --stack <stack>`: never `--show-secrets`, the check needs no secret. */
export function readOutputsFromPulumi(stack: string, command = "pulumi"): StackOutputsDocument {
  const result = spawnSync(command, ["stack", "output", "--json", "--stack", stack], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error !== undefined) {
    if ((result.error as NodeJS.ErrnoException).code === "ENOENT") throw new PulumiNotFoundError(command);
    return { stack, readError: `\`pulumi stack output\` could not run: ${result.error.message}` };
  }
  if (result.status !== 0) {
    const firstLine = result.stderr.trim().split("\n")[0]?.slice(0, 300) ?? "";
    return {
      stack,
      readError: `\`pulumi stack output --json --stack ${stack}\` failed (exit ${result.status}): ${firstLine}`,
    };
  }
  return { stack, ...parseOutputsJson(result.stdout, `the output of \`pulumi stack output\` for ${stack}`) };
}
