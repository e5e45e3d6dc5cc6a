/**
 * The fleet file of `fleet sync --config FILE` (YAML, or JSON, which YAML reads too):
 *
 *   store: postgres://…            # optional; else ENTRA_REPLICATOR_DB, else ./entra-replicator.db
 *   concurrency: 4                 # optional
 *   tenants:
 *     - name: contoso
 *       tenantId: 00000000-…
 *       clientId: 00000000-…
 *       clientSecretEnv: CONTOSO_SECRET   # or keyVault: { url, secretName }, or stackOutputs: FILE
 *       country: NL
 *       authorityHost: https://…          # optional, like AZURE_AUTHORITY_HOST
 *       graphEndpoint: https://…          # optional, like GRAPH_ENDPOINT
 *
 * Pure: text in, a FleetConfig out. The file as a whole must be sound (else one error, nothing runs); each
 * tenant entry is checked on its own, so a broken entry becomes that tenant's outcome and the rest run.
 */
import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import type { ReplicatorError } from "../errors";
import {
  fleetConfigInvalid,
  fleetConfigUnreadable,
  fleetTenantInvalid,
  type TenantPlace,
} from "./fleetErrors";
import { MAX_FLEET_CONCURRENCY } from "./fleetDefaults";

export { DEFAULT_FLEET_CONCURRENCY, MAX_FLEET_CONCURRENCY } from "./fleetDefaults";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Names are what `--tenant` takes and what tables show: short, no spaces, never a GUID. */
const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const guid = z.string().regex(GUID, { message: "is not a GUID like 00000000-0000-0000-0000-000000000000" });

export const FLEET_TENANT_SCHEMA = z.strictObject({
  name: z.string().regex(TENANT_NAME, {
    message: "must be 1–63 letters, digits, '.', '_' or '-', starting with a letter or digit",
  }),
  tenantId: guid,
  clientId: guid,
  clientSecretEnv: z.string().optional(),
  keyVault: z.strictObject({ url: z.string(), secretName: z.string() }).optional(),
  stackOutputs: z.string().min(1).optional(),
  country: z.string().optional(),
  authorityHost: z.string().optional(),
  graphEndpoint: z.string().optional(),
  includeGuests: z.boolean().optional(),
  includeDisabled: z.boolean().optional(),
  maxDeletes: z.number().int().min(0).optional(),
  maxDeletePercent: z.number().min(0).max(100).optional(),
  pageSize: z.number().int().min(1).max(999).optional(),
});

const FLEET_FILE_SCHEMA = z.strictObject({
  store: z.string().min(1).optional(),
  concurrency: z.number().int().min(1).max(MAX_FLEET_CONCURRENCY).optional(),
  tenants: z.array(z.unknown()).min(1, { message: "needs at least one tenant" }),
});

export type FleetTenantEntry = z.infer<typeof FLEET_TENANT_SCHEMA>;

/** A tenant entry as read: valid, or the error that is its outcome (with whatever name it gave). */
export type FleetTenantSlot =
  | { ok: true; place: TenantPlace; tenant: FleetTenantEntry }
  | { ok: false; place: TenantPlace; tenantId: string | null; error: ReplicatorError };

export interface FleetConfig {
  file: string;
  /** Relative paths in the file (store, stackOutputs) are relative to this directory. */
  baseDir: string;
  /** A path or postgres:// URL; null: ENTRA_REPLICATOR_DB, else the default file. */
  store: string | null;
  concurrency: number | null;
  tenants: FleetTenantSlot[];
}

export function loadFleetConfig(file: string): FleetConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw fleetConfigUnreadable(file, (error as NodeJS.ErrnoException).code ?? "error");
  }
  return parseFleetConfig(text, file);
}

/** Parses the fleet file; throws a ReplicatorError (exit 2) only for problems of the file as a whole. */
export function parseFleetConfig(text: string, file: string): FleetConfig {
  const document = parseDocument(text, file);
  const parsed = FLEET_FILE_SCHEMA.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === "unrecognized_keys") {
      throw fleetConfigInvalid(
        file,
        issue.keys.join(", "),
        "is not a fleet setting.",
        "The top level holds store, concurrency and tenants; each tenant's settings go in its entry under tenants.",
      );
    }
    const field = (issue?.path ?? []).map(String).join(".");
    throw fleetConfigInvalid(
      file,
      field,
      `${issue?.message ?? "is invalid"}.`,
      "See the fleet file example in the README (store, concurrency, tenants: [ { name, tenantId, … } ]).",
    );
  }
  const tenants = parsed.data.tenants.map((entry, index) => readTenant(entry, { file, index, name: null }));
  refuseDuplicates(tenants, file);
  return {
    file,
    baseDir: path.dirname(path.resolve(file)),
    store: parsed.data.store ?? null,
    concurrency: parsed.data.concurrency ?? null,
    tenants,
  };
}

function parseDocument(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    // The parser's message ends with an excerpt of the file, which may hold anything: keep the position only.
    const where = error.linePos?.[0];
    const problem = error.message.split(/ at line \d+/)[0] ?? error.code;
    throw fleetConfigInvalid(
      file,
      "",
      `is not valid YAML or JSON${where === undefined ? "" : ` (line ${where.line}, column ${where.col})`}: ${problem}.`,
      "Fix the syntax at that position.",
    );
  }
}

function readTenant(entry: unknown, at: TenantPlace): FleetTenantSlot {
  const record = entry !== null && typeof entry === "object" ? (entry as Record<string, unknown>) : {};
  const name = typeof record.name === "string" && TENANT_NAME.test(record.name) ? record.name : null;
  const tenantId = typeof record.tenantId === "string" && GUID.test(record.tenantId) ? record.tenantId : null;
  const place = { ...at, name };
  const fail = (error: ReplicatorError): FleetTenantSlot => ({
    ok: false,
    place,
    tenantId: tenantId?.toLowerCase() ?? null,
    error,
  });
  const parsed = FLEET_TENANT_SCHEMA.safeParse(entry);
  if (!parsed.success) return fail(tenantIssue(parsed.error.issues[0], place));
  const tenant = parsed.data;
  const sources = (["clientSecretEnv", "keyVault", "stackOutputs"] as const).filter(
    (key) => tenant[key] !== undefined,
  );
  if (sources.length !== 1) {
    return fail(
      fleetTenantInvalid(
        place,
        sources.length === 0 ? "clientSecretEnv" : sources.join(" + "),
        sources.length === 0
          ? "is missing: the tenant has no source for its client secret."
          : "are both set: the client secret would come from two places.",
        "Give exactly one of clientSecretEnv: VARIABLE, keyVault: { url, secretName } or stackOutputs: FILE.",
      ),
    );
  }
  return { ok: true, place, tenant: { ...tenant, tenantId: tenant.tenantId.toLowerCase() } };
}

function tenantIssue(issue: z.core.$ZodIssue | undefined, place: TenantPlace): ReplicatorError {
  if (issue?.code === "unrecognized_keys") {
    const secretKey = issue.keys.find((key) => /secret/i.test(key) && key !== "clientSecretEnv");
    return fleetTenantInvalid(
      place,
      issue.keys.join(", "),
      "is not a tenant setting.",
      secretKey !== undefined
        ? "A secret never goes into the fleet file: put it in an environment variable and name that with clientSecretEnv (or use keyVault / stackOutputs)."
        : `Known settings: ${Object.keys(FLEET_TENANT_SCHEMA.shape).join(", ")}.`,
    );
  }
  const field = (issue?.path ?? []).map(String).join(".") || "(entry)";
  const problem =
    issue?.code === "invalid_type" && /received undefined/.test(issue.message)
      ? "is missing."
      : `${issue?.message ?? "is invalid"}.`;
  return fleetTenantInvalid(
    place,
    field,
    problem,
    "See the fleet file example in the README: name, tenantId, clientId, one secret source, country.",
  );
}

/** `--tenant contoso` and the reports must point at one entry: names and tenant ids are unique. */
function refuseDuplicates(slots: FleetTenantSlot[], file: string): void {
  const seen = new Map<string, number>();
  for (const slot of slots) {
    const keys = [slot.place.name, slot.ok ? slot.tenant.tenantId : slot.tenantId].filter(
      (key): key is string => key !== null,
    );
    for (const key of keys) {
      const first = seen.get(key);
      if (first !== undefined && first !== slot.place.index) {
        throw fleetConfigInvalid(
          file,
          `tenants[${slot.place.index}]`,
          `repeats '${key}' of tenants[${first}].`,
          "Each tenant appears once, with a name of its own.",
        );
      }
      seen.set(key, slot.place.index);
    }
  }
}
