import { STACK_OUTPUT } from "../../sync/contract";
import { MASKED_SECRET } from "./stackOutputs";

/**
 * Picks the few non-secret stack outputs the expiry check needs out of `pulumi stack output --json`.
 * It reads named fields only: `clientSecret` and `roger365` (which carries the secret too) are never
 * touched, so even a `--show-secrets` document cannot leak through this path.
 */

export const EXPIRY_OUTPUT_NAMES = [
  STACK_OUTPUT.tenantId,
  STACK_OUTPUT.clientId,
  STACK_OUTPUT.clientSecretKeyId,
  STACK_OUTPUT.clientSecretExpiresAt,
  STACK_OUTPUT.nextRotationAt,
  STACK_OUTPUT.secretSlotAKeyId,
  STACK_OUTPUT.secretSlotAExpiresAt,
  STACK_OUTPUT.secretSlotBKeyId,
  STACK_OUTPUT.secretSlotBExpiresAt,
] as const;

/** The stack label of a document read from stdin, whose real stack name is unknown. */
export const STDIN_STACK = "stdin";

/** The stack as it goes into a suggested command: a placeholder when it came from stdin. */
export function stackInCommand(stack: string): string {
  return stack === STDIN_STACK ? "<stack>" : stack;
}

export type ExpiryOutputName = (typeof EXPIRY_OUTPUT_NAMES)[number];

const DATE_OUTPUTS: ReadonlySet<ExpiryOutputName> = new Set([
  "clientSecretExpiresAt",
  "nextRotationAt",
  "secretSlotAExpiresAt",
  "secretSlotBExpiresAt",
]);

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface ExpiryFields {
  values: Partial<Record<ExpiryOutputName, string>>;
  /** One sentence per unusable output: what is wrong (never its value) and the fix. */
  problems: string[];
}

export function pickExpiryFields(outputs: unknown, stack: string): ExpiryFields {
  const stackName = stackInCommand(stack);
  const rerun = `run \`pulumi up --stack ${stackName}\` (outputs appear after the first successful update), then pass \`pulumi stack output --json --stack ${stackName}\``;
  if (typeof outputs !== "object" || outputs === null || Array.isArray(outputs)) {
    return {
      values: {},
      problems: [
        `the stack outputs are not a JSON object: pass the output of \`pulumi stack output --json\``,
      ],
    };
  }
  const record = outputs as Record<string, unknown>;
  const values: ExpiryFields["values"] = {};
  const problems: string[] = [];
  for (const name of EXPIRY_OUTPUT_NAMES) {
    const value = record[name];
    if (value === undefined || value === null || value === "") {
      problems.push(`output "${name}" is missing: ${rerun}`);
    } else if (value === MASKED_SECRET) {
      problems.push(
        `output "${name}" is a secret in this stack: it must be a plain output; update the program and run \`pulumi up --stack ${stackName}\``,
      );
    } else if (typeof value !== "string") {
      problems.push(`output "${name}" is a ${typeof value}, expected a string: ${rerun}`);
    } else if (DATE_OUTPUTS.has(name) && !isIsoDateTime(value)) {
      problems.push(`output "${name}" is not an ISO 8601 date-time: ${rerun}`);
    } else {
      values[name] = value;
    }
  }
  return { values, problems };
}

function isIsoDateTime(value: string): boolean {
  return ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}
