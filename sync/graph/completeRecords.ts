import type { Client } from "@microsoft/microsoft-graph-client";
import { GraphError } from "@microsoft/microsoft-graph-client";
import { USER_SELECT } from "../model";

/**
 * Graph sends an updated user in a delta round with "at least their updated properties": missing means
 * unchanged, which is only meaningful when we know the earlier state. A user the directory holds no state
 * for — out of scope until now (re-enabled, guest turned member) — would otherwise become a contact made of
 * whatever few properties the record happened to carry. Those records are the ones to read whole.
 */
export function incompleteRecordIds(records: readonly unknown[], known: ReadonlySet<string>): string[] {
  const ids = new Set<string>();
  for (const record of records) {
    if (typeof record !== "object" || record === null) continue;
    const fields = record as Record<string, unknown>;
    if (typeof fields.id !== "string" || known.has(fields.id) || "@removed" in fields) continue;
    if (USER_SELECT.some((property) => !(property in fields))) ids.add(fields.id);
  }
  return [...ids];
}

const USER_SELECT_QUERY = USER_SELECT.join(",");
const CONCURRENT_READS = 8;

/**
 * Replaces the incomplete records of a page by the users as Graph has them now. A user that no longer
 * exists (404) is left out: its removal arrives in a later delta round, and there is nothing to add.
 */
export async function completeRecords(
  client: Client,
  records: readonly unknown[],
  incompleteIds: readonly string[],
): Promise<unknown[]> {
  if (incompleteIds.length === 0) return [...records];
  const fetched = new Map<string, unknown | null>();
  for (let start = 0; start < incompleteIds.length; start += CONCURRENT_READS) {
    const batch = incompleteIds.slice(start, start + CONCURRENT_READS);
    const users = await Promise.all(batch.map((id) => readUser(client, id)));
    batch.forEach((id, index) => fetched.set(id, users[index]));
  }
  const completed: unknown[] = [];
  for (const record of records) {
    const id = (record as { id?: unknown } | null)?.id;
    if (typeof id !== "string" || !fetched.has(id)) {
      completed.push(record);
      continue;
    }
    const user = fetched.get(id);
    if (user !== null) completed.push(user);
  }
  return completed;
}

async function readUser(client: Client, id: string): Promise<unknown | null> {
  try {
    return (await client
      .api(`/users/${encodeURIComponent(id)}?$select=${USER_SELECT_QUERY}`)
      .get()) as unknown;
  } catch (error) {
    if (error instanceof GraphError && error.statusCode === 404) return null;
    throw error;
  }
}
