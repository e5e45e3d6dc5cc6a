import { createHash } from "node:crypto";
import type { EscrowedRecord } from "../model";

/**
 * The key an escrowed record is stored under. Escrow is kept per user id, so a newer bad record of a user
 * replaces the older one; but records without a usable id ("(unknown)", "(invalid id)") all carried the same
 * placeholder and overwrote each other. They are keyed by the placeholder and a hash of what was received:
 * different records keep a row each, the same record sent again stays one row. Every backend uses this.
 */
export function escrowKey(record: EscrowedRecord): string {
  if (!record.id.startsWith("(")) return record.id;
  return `${record.id} ${createHash("sha256").update(record.excerpt).digest("hex").slice(0, 16)}`;
}
