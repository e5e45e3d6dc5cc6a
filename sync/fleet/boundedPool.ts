/**
 * Runs `work` over `items` with at most `limit` in flight: `limit` loops each take the next item as soon
 * as their previous one settles, so a slow item (a throttled tenant waiting out Retry-After) holds one slot
 * and never the others. No dependency: a queue index shared by a few async loops is all it takes.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  let next = 0;
  const failures: unknown[] = [];
  const loop = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        // One item's failure never stops the others; the caller hears about it once all have run.
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, loop));
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} of ${items.length} items failed`);
}
