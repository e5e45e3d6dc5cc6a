import { USER_SELECT, type DeltaUserRecord, type EscrowedRecord } from "../model";

/**
 * Graph's own limits are far lower (displayName 256, jobTitle 128, phones 64 characters); a longer
 * value is corruption, so the record is escrowed rather than truncated: a truncated name or number
 * would be stored as if it were true.
 */
export const MAX_FIELD_LENGTH = 1024;
/** Entra stores one business phone; a handful is plausible, hundreds is not. */
export const MAX_BUSINESS_PHONES = 20;
const MAX_EXCERPT_LENGTH = 500;

/** GUID-shaped (Entra object ids) but tolerant of other opaque ids made of letters, digits and dashes. */
const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const STRING_PROPERTIES = USER_SELECT.filter(
  (property) => property !== "id" && property !== "businessPhones" && property !== "accountEnabled",
);

export type RecordValidation = { ok: DeltaUserRecord } | { escrow: EscrowedRecord };

/**
 * Checks one delta record before it is merged, so one malformed user is escrowed with its id and the
 * reason while the rest of the page proceeds. Never throws. The result keeps only the selected user
 * properties (and `@removed`), each still absent when absent: absence means "never set" (see userFromRecord).
 */
export function validateDeltaRecord(record: unknown): RecordValidation {
  try {
    return validate(record);
  } catch (error) {
    // A getter that throws or a hostile proxy: still one record's problem, not the page's.
    return escrow(record, "(unknown)", `record could not be read (${describeThrown(error)})`);
  }
}

function validate(record: unknown): RecordValidation {
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return escrow(record, "(unknown)", "record is not a JSON object");
  }
  const fields = record as Record<string, unknown>;
  const id = fields.id;
  if (typeof id !== "string") return escrow(record, "(unknown)", "id is missing or not a string");
  if (!ID_SHAPE.test(id)) return escrow(record, "(invalid id)", "id is not an Entra object id (a GUID)");

  const removed = fields["@removed"];
  if (removed !== undefined) {
    if (typeof removed !== "object" || removed === null || Array.isArray(removed)) {
      return escrow(record, id, "@removed is not an object");
    }
    const reason = (removed as Record<string, unknown>).reason;
    return { ok: { id, "@removed": { reason: typeof reason === "string" ? reason : "unknown" } } };
  }

  const valid: DeltaUserRecord = { id };
  for (const property of STRING_PROPERTIES) {
    if (!(property in fields)) continue;
    const value = fields[property];
    const problem = value === null ? null : stringProblem(value);
    if (problem !== null) return escrow(record, id, `${property} ${problem}`);
    valid[property] = value;
  }

  if ("accountEnabled" in fields) {
    const enabled = fields.accountEnabled;
    if (enabled !== null && typeof enabled !== "boolean") {
      return escrow(record, id, `accountEnabled must be true, false or null, got ${typeName(enabled)}`);
    }
    valid.accountEnabled = enabled;
  }

  if ("businessPhones" in fields) {
    const phones = fields.businessPhones;
    if (phones !== null) {
      if (!Array.isArray(phones)) {
        return escrow(record, id, `businessPhones must be an array of strings, got ${typeName(phones)}`);
      }
      if (phones.length > MAX_BUSINESS_PHONES) {
        return escrow(
          record,
          id,
          `businessPhones has ${phones.length} entries (at most ${MAX_BUSINESS_PHONES})`,
        );
      }
      for (const [index, phone] of phones.entries()) {
        const problem = stringProblem(phone);
        if (problem !== null) return escrow(record, id, `businessPhones[${index}] ${problem}`);
      }
    }
    valid.businessPhones = phones === null ? null : [...(phones as string[])];
  }
  return { ok: valid };
}

function stringProblem(value: unknown): string | null {
  if (typeof value !== "string") return `must be a string or null, got ${typeName(value)}`;
  if (value.length > MAX_FIELD_LENGTH) {
    return `is ${value.length} characters long (at most ${MAX_FIELD_LENGTH})`;
  }
  if (LONE_SURROGATE.test(value)) return "contains broken unicode (a lone surrogate)";
  if (value.includes("\u0000")) return "contains a NUL character";
  return null;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function escrow(record: unknown, id: string, reason: string): { escrow: EscrowedRecord } {
  return { escrow: { id, reason, excerpt: excerptOf(record) } };
}

/** The record as JSON, cut short; lone surrogates become U+FFFD so the excerpt itself stores cleanly. */
export function excerptOf(record: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(record) ?? String(record);
  } catch {
    json = "(not serialisable)";
  }
  const short = json.length > MAX_EXCERPT_LENGTH ? `${json.slice(0, MAX_EXCERPT_LENGTH)}…` : json;
  return short.replace(new RegExp(LONE_SURROGATE.source, "g"), "\ufffd");
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : "unknown error";
}
