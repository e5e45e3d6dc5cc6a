/**
 * After a complete full round, the contacts to remove: stored ones whose id no page retained (not
 * seen, or seen out of scope). Only valid for a round that ran to its deltaLink; the caller applies
 * the deletion guard to the result.
 */
export function planReconciliation(
  existingIds: ReadonlySet<string>,
  seenInRound: ReadonlySet<string>,
): string[] {
  const gone: string[] = [];
  for (const id of existingIds) if (!seenInRound.has(id)) gone.push(id);
  return gone;
}
