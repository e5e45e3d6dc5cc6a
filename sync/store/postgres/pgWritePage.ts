import type { PoolClient } from "pg";
import type { PageChange } from "../contactDirectory";
import { escrowKey } from "../escrowKey";

/**
 * Writes one page inside the caller's transaction: a handful of set-based statements (arrays via unnest),
 * whatever the page size, every one of them bound to `tenantId`.
 */
export async function writePage(client: PoolClient, tenantId: string, change: PageChange): Promise<void> {
  // One row per id: a page may name a user twice, and ON CONFLICT may not touch a row twice in one statement.
  const upserts = [...new Map(change.upsert.map((contact) => [contact.id, contact])).values()];
  // Keyed as every backend keys escrow (escrowKey: records without a usable id get one of their own).
  const escrow = [
    ...new Map(
      change.escrow.map((record) => [escrowKey(record), { ...record, id: escrowKey(record) }]),
    ).values(),
  ];
  if (upserts.length > 0) {
    await client.query(
      "INSERT INTO contacts (tenant_id, id, display_name, user_json, updated_at) " +
        "SELECT $1, u.id, u.display_name, u.user_json, now() FROM unnest($2::text[], $3::text[], $4::text[]) " +
        "AS u (id, display_name, user_json) ON CONFLICT (tenant_id, id) DO UPDATE SET " +
        "display_name = excluded.display_name, user_json = excluded.user_json, updated_at = excluded.updated_at",
      [
        tenantId,
        upserts.map((contact) => contact.id),
        upserts.map((contact) => contact.displayName),
        upserts.map((contact) => JSON.stringify(contact.user)),
      ],
    );
  }
  const replacedPhones = [...upserts.map((contact) => contact.id), ...change.delete];
  if (replacedPhones.length > 0) {
    await client.query("DELETE FROM phones WHERE tenant_id = $1 AND contact_id = ANY($2::text[])", [
      tenantId,
      replacedPhones,
    ]);
  }
  const phones = upserts.flatMap((contact) =>
    contact.phones.map((phone, position) => ({ id: contact.id, position, phone })),
  );
  if (phones.length > 0) {
    await client.query(
      "INSERT INTO phones (tenant_id, contact_id, position, type, raw, e164, extension, valid, problem, region) " +
        "SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], " +
        "$8::boolean[], $9::text[], $10::text[])",
      [
        tenantId,
        phones.map((row) => row.id),
        phones.map((row) => row.position),
        phones.map((row) => row.phone.type),
        phones.map((row) => row.phone.raw),
        phones.map((row) => row.phone.e164),
        phones.map((row) => row.phone.extension),
        phones.map((row) => row.phone.valid),
        phones.map((row) => row.phone.problem),
        phones.map((row) => row.phone.region),
      ],
    );
  }
  if (change.delete.length > 0) {
    await client.query("DELETE FROM contacts WHERE tenant_id = $1 AND id = ANY($2::text[])", [
      tenantId,
      change.delete,
    ]);
  }
  if (escrow.length > 0) {
    await client.query(
      "INSERT INTO escrow (tenant_id, id, reason, excerpt, escrowed_at) " +
        "SELECT $1, e.id, e.reason, e.excerpt, now() FROM unnest($2::text[], $3::text[], $4::text[]) AS e (id, reason, excerpt) " +
        "ON CONFLICT (tenant_id, id) DO UPDATE SET reason = excluded.reason, excerpt = excluded.excerpt, " +
        "escrowed_at = excluded.escrowed_at",
      [tenantId, escrow.map((r) => r.id), escrow.map((r) => r.reason), escrow.map((r) => r.excerpt)],
    );
  }
  // An id both escrowed and resolved in one page ends resolved, as in SQLite where resolving runs last.
  if (change.resolvedEscrow.length > 0) {
    await client.query("DELETE FROM escrow WHERE tenant_id = $1 AND id = ANY($2::text[])", [
      tenantId,
      change.resolvedEscrow,
    ]);
  }
}
