import { readFileSync } from "node:fs";

import { MASKED_SECRET } from "../../sync/contract";

export { MASKED_SECRET };

export const SHOW_SECRETS_COMMAND = "pulumi stack output --json --show-secrets";

/** A stack-output document could not be used. The message says what is wrong and the fix; it never quotes values. */
export class StackOutputsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackOutputsError";
  }
}

export type StackOutputs = Record<string, unknown>;

/**
 * The JSON value of `text`, or null when it is not JSON. JSON.parse's own message is dropped: V8 quotes
 * the input, which may be a `--show-secrets` document.
 */
export function parseJsonWithoutEcho(text: string): { json: unknown } | null {
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

/** Parses `pulumi stack output --json` text; its errors never quote it. */
export function parseStackOutputs(text: string, origin: string): StackOutputs {
  if (text.trim() === "") {
    throw new StackOutputsError(`${origin} is empty. Fix: pass the output of \`${SHOW_SECRETS_COMMAND}\`.`);
  }
  const parsed = parseJsonWithoutEcho(text);
  if (parsed === null) {
    throw new StackOutputsError(
      `${origin} is not JSON. Fix: pass the output of \`${SHOW_SECRETS_COMMAND}\` unchanged (with --json).`,
    );
  }
  const { json } = parsed;
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new StackOutputsError(
      `${origin} is JSON but not an object of stack outputs. Fix: pass the output of \`${SHOW_SECRETS_COMMAND}\`.`,
    );
  }
  return json as StackOutputs;
}

/** Reads stack outputs from a file, or from stdin when `file` is undefined or "-". */
export function readStackOutputs(
  file: string | undefined,
  readStdin: () => string,
): { outputs: StackOutputs; origin: string } {
  if (file === undefined || file === "-") {
    return { outputs: parseStackOutputs(readStdin(), "stdin"), origin: "stdin" };
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new StackOutputsError(
      `cannot read ${file} (${code}). Fix: save the outputs with \`${SHOW_SECRETS_COMMAND} > ${file}\`, or pipe them in.`,
    );
  }
  return { outputs: parseStackOutputs(text, file), origin: file };
}

/**
 * The string at `path` (an output name, then keys inside it). Missing, non-string or masked values are
 * reported by name with the fix.
 */
export function requireString(outputs: StackOutputs, path: readonly string[], origin: string): string {
  const nameOf = (keys: readonly string[]) =>
    keys.map((key, index) => (index === 0 ? key : `[${JSON.stringify(key)}]`)).join("");
  let name = nameOf(path);
  let value: unknown = outputs;
  for (const [depth, key] of path.entries()) {
    if (value === MASKED_SECRET) {
      name = nameOf(path.slice(0, depth));
      break;
    }
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value === MASKED_SECRET) {
    throw new StackOutputsError(
      `stack output ${name} in ${origin} is "${MASKED_SECRET}": the outputs were printed without --show-secrets. Fix: run \`${SHOW_SECRETS_COMMAND}\`.`,
    );
  }
  if (value === undefined || value === null) {
    throw new StackOutputsError(
      `stack output ${name} is missing from ${origin}. Fix: run \`pulumi up\` with this project's program for the stack, then \`${SHOW_SECRETS_COMMAND}\`.`,
    );
  }
  if (typeof value !== "string") {
    throw new StackOutputsError(
      `stack output ${name} in ${origin} is a ${Array.isArray(value) ? "list" : typeof value}, not text. Fix: pass the outputs of this project's stack (\`${SHOW_SECRETS_COMMAND}\`).`,
    );
  }
  return value;
}

/** Reads all of stdin synchronously (the scripts are one-shot commands). */
export function readAllStdin(): string {
  return readFileSync(0, "utf8");
}
