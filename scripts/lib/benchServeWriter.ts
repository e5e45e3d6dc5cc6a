/**
 * The writer of `npm run bench:serve`: a child process that writes to the store the way a sync does,
 * for as long as it runs — pages of upserted contacts, one transaction each, under the tenant's writer
 * lock, and every 20 pages a round's end (checkpoint + run record). Prints the pages written on SIGTERM.
 *
 * Usage: node --import tsx scripts/lib/benchServeWriter.ts <store> <tenant> <contacts>
 */
import { directorySettingsOf } from "../../sync/engine/directorySettings";
import { openStore } from "../../sync/store/openStore";
import { contactNumber } from "../../sync/testing/serveFixture";

const PAGE_SIZE = 500;
const PAGES_PER_ROUND = 20;
/** Graph takes time to answer each page; a sync's writes come in bursts, not back to back. */
const PAUSE_BETWEEN_PAGES_MS = 20;

async function main(): Promise<void> {
  const [storePath, tenantId, countText] = process.argv.slice(2);
  const count = Number(countText);
  if (storePath === undefined || tenantId === undefined || !Number.isInteger(count) || count < PAGE_SIZE) {
    throw new Error("usage: benchServeWriter.ts <store> <tenant> <contacts ≥ 500>");
  }
  const store = await openStore(storePath);
  const lock = await store.lockTenant(tenantId);
  const tenant = store.forTenant(tenantId);
  let pages = 0;
  let stopping = false;
  process.once("SIGTERM", () => (stopping = true));
  while (!stopping) {
    const start = Math.floor(Math.random() * (count - PAGE_SIZE));
    const upsert = Array.from({ length: PAGE_SIZE }, (_, i) => {
      const contact = contactNumber(start + i + 1);
      return { ...contact, user: { ...contact.user, jobTitle: `Engineer ${pages}` } };
    });
    await tenant.directory.applyPage({ upsert, delete: [], escrow: [], resolvedEscrow: [] });
    pages += 1;
    if (pages % PAGES_PER_ROUND === 0) {
      const settings = directorySettingsOf({
        scope: { includeGuests: false, includeDisabled: false },
        defaultCountry: "NL",
      });
      await tenant.checkpoint.save({ deltaLink: `https://graph.example/delta?round=${pages}`, settings });
      const now = new Date().toISOString();
      await tenant.runs.record({
        runId: `bench-${process.pid}-${pages}`,
        tenantId,
        mode: "incremental",
        outcome: "succeeded",
        startedAt: now,
        finishedAt: now,
        created: 0,
        updated: PAGE_SIZE * PAGES_PER_ROUND,
        deleted: 0,
        unchanged: 0,
        invalidNumbers: 0,
        escrowed: 0,
        pages: PAGES_PER_ROUND,
        message: null,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_PAGES_MS));
  }
  await lock.release();
  await store.close();
  process.stdout.write(`${JSON.stringify({ pages, contactsWritten: pages * PAGE_SIZE })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
