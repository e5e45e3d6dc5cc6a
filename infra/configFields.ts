import { z } from "zod";
import { GUID_PATTERN, NIL_GUID } from "../sync/contract";

/** The Pulumi project name, which is also the namespace of every stack config key. */
export const CONFIG_NAMESPACE = "entra-replicator";

/** A stack config value that the program refuses. The message names the key, the problem and the fix. */
export class ConfigError extends Error {
  readonly key: string;

  constructor(key: string, problem: string, fix?: string) {
    super(`${CONFIG_NAMESPACE}:${key} ${problem}${fix === undefined ? "" : ` Fix: ${fix}`}`);
    this.name = "ConfigError";
    this.key = `${CONFIG_NAMESPACE}:${key}`;
  }
}

export function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : `${JSON.stringify(value)} (${typeof value})`;
}

export function setCommand(key: string, example: string): string {
  return `pulumi config set ${key} ${example}`;
}

export function pathCommand(key: string, example: string): string {
  return `pulumi config set --path ${key} ${example}`;
}

/** A zod issue message that is already "<problem> Fix: <fix>". */
export function explain(problem: string, fix: string): string {
  return `${problem} Fix: ${fix}`;
}

/** `pulumi config` keys as ConfigError names them: `keyVault.vaultName`, `ownerObjectIds[1]`. */
export function keyOfPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
    )
    .join("");
}

/** The first issue of a failed parse as a ConfigError; `order` ranks top-level keys as the docs list them. */
export function configErrorOf(error: z.ZodError, order: readonly string[]): ConfigError {
  const rank = (issue: z.core.$ZodIssue) =>
    issue.code === "unrecognized_keys" ? -1 : order.indexOf(String(issue.path[0] ?? ""));
  const issue = [...error.issues].sort((x, y) => rank(x) - rank(y))[0] as z.core.$ZodIssue;
  if (issue.code === "unrecognized_keys") {
    const prefix = keyOfPath(issue.path);
    const key = issue.keys[0] as string;
    return new ConfigError(prefix === "" ? key : `${prefix}.${key}`, issue.message);
  }
  return new ConfigError(keyOfPath(issue.path), issue.message);
}

/** YAML `key:` with no value, like an absent key. */
const absent = (value: unknown) => (value === null ? undefined : value);

/** Pulumi hands a program every value as a string, JSON-encoded when it is not a YAML string. */
export function structured(shape: "list" | "object", example: string) {
  return (value: unknown, ctx: z.core.$RefinementCtx) => {
    if (typeof value !== "string") return absent(value);
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({
        code: "custom",
        message: explain(
          `is ${describe(value)}, not a YAML ${shape}.`,
          `write it as a YAML ${shape} in Pulumi.<stack>.yaml, e.g. ${example}.`,
        ),
      });
      return z.NEVER;
    }
  };
}

/** Optional trimmed text. */
export function text(fix: (key: string) => string) {
  return z.preprocess(
    absent,
    z
      .string({
        error: (issue) => explain(`is ${describe(issue.input)}, not text.`, fix(keyOfPath(issue.path ?? []))),
      })
      .trim()
      .optional(),
  );
}

/** A whole number of days ≥ 1, from a YAML number or the string Pulumi passes. */
export function wholeDays(key: string, fallback: number, example: string) {
  const error = (issue: { input?: unknown }) =>
    explain(`is ${describe(issue.input)}, not a whole number of days ≥ 1.`, setCommand(key, example));
  return z.preprocess(
    (value) => (typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : absent(value)),
    z.number({ error }).int({ error }).min(1, { error }).default(fallback),
  );
}

export function flag(fallback: boolean, fix: (key: string) => string) {
  return z.preprocess(
    (value) => (value === "true" ? true : value === "false" ? false : absent(value)),
    z
      .boolean({
        error: (issue) =>
          explain(`is ${describe(issue.input)}, not true or false.`, fix(keyOfPath(issue.path ?? []))),
      })
      .default(fallback),
  );
}

/** A list of object ids, lower-cased, without duplicates; the nil GUID is a placeholder, not an id. */
export function guidList(key: string, fix: string) {
  const notAnId = (input: unknown) =>
    `is ${describe(input)}, not an object id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301).`;
  const guid = z.preprocess(
    (item) => (typeof item === "string" ? item.trim() : item),
    z
      .string({ error: (issue) => explain(notAnId(issue.input), fix) })
      .refine((id) => GUID_PATTERN.test(id) && id !== NIL_GUID, {
        error: (issue) => explain(notAnId(issue.input), fix),
      }),
  );
  return z.preprocess(
    structured("list", `${key}: ["<object id>"]`),
    z
      .array(guid, {
        error: (issue) => explain(`is ${describe(issue.input)}, not a list of object ids.`, fix),
      })
      .default([])
      .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
  );
}

/** One object id (a GUID), lower-cased. */
export function guid(fix: (key: string) => string, what: string) {
  return z.preprocess(
    (value) => (typeof value === "string" ? value.trim() : absent(value)),
    z
      .string({
        error: (issue) =>
          explain(`is ${describe(issue.input)}, not ${what}.`, fix(keyOfPath(issue.path ?? []))),
      })
      .refine((id) => GUID_PATTERN.test(id) && id !== NIL_GUID, {
        error: (issue) =>
          explain(`is ${describe(issue.input)}, not ${what}.`, fix(keyOfPath(issue.path ?? []))),
      })
      .transform((id) => id.toLowerCase())
      .optional(),
  );
}
