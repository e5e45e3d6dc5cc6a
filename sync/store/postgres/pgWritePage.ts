import type { Pool } from "pg";
import type { PageChange } from "../contactDirectory";
import { escrowKey } from "../escrowKey";

/**
 * Writes one page as one statement (the schema's `apply_page`, atomic on its own): one round trip whatever
 * the page size, every row bound to `tenantId`.
 */
export async function writePage(pool: Pool, tenantId: string, change: PageChange): Promise<void> {
  // One row per id: a page may name a user twice, and ON CONFLICT may not touch a row twice in one statement.
  const upserts = [...new Map(change.upsert.map((contact) => [contact.id, contact])).values()];
  // Keyed as every backend keys escrow (escrowKey: records without a usable id get one of their own).
  const escrow = [
    ...new Map(
      change.escrow.map((record) => [escrowKey(record), { ...record, id: escrowKey(record) }]),
    ).values(),
  ];
  const phones = upserts.flatMap((contact) =>
    contact.phones.map((phone, position) => ({ id: contact.id, position, phone })),
  );
  await pool.query(
    "SELECT apply_page($1, $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::text[], " +
      "$9::text[], $10::text[], $11::boolean[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], " +
      "$17::text[], $18::text[])",
    [
      tenantId,
      upserts.map((contact) => contact.id),
      upserts.map((contact) => contact.displayName),
      upserts.map((contact) => JSON.stringify(contact.user)),
      phones.map((row) => row.id),
      phones.map((row) => row.position),
      phones.map((row) => row.phone.type),
      phones.map((row) => row.phone.raw),
      phones.map((row) => row.phone.e164),
      phones.map((row) => row.phone.extension),
      phones.map((row) => row.phone.valid),
      phones.map((row) => row.phone.problem),
      phones.map((row) => row.phone.region),
      [...change.delete],
      escrow.map((record) => record.id),
      escrow.map((record) => record.reason),
      escrow.map((record) => record.excerpt),
      [...change.resolvedEscrow],
    ],
  );
}
