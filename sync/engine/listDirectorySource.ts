import { DeltaTokenExpiredError, type DirectorySource, type SourcePage } from "./directorySource";

/**
 * A directory held in memory, served as delta rounds: a full round lists every user, an incremental
 * round only what changed since the deltaLink it was given. For unit tests of the engine; behaves like
 * Graph where the engine relies on it (pages, deltaLink on the last page only, expired tokens).
 */
export class ListDirectorySource implements DirectorySource {
  private readonly users = new Map<string, Record<string, unknown>>();
  /** Changes since each round's end, keyed by the round number a deltaLink stands for. */
  private readonly changeLog: Array<Record<string, unknown>> = [];
  /** deltaLinks of an earlier generation are no longer accepted. */
  private generation = 0;
  private readonly failures: Array<{ afterPages: number; error: unknown }> = [];
  /** Rounds read, for assertions: `full` or `incremental`. */
  readonly rounds: Array<"full" | "incremental"> = [];

  constructor(
    users: readonly object[] = [],
    private readonly pageSize = 2,
  ) {
    for (const user of users) this.put(user, false);
  }

  /** Adds or replaces a user (whole record): it appears in the next incremental round. */
  put(user: object, logged = true): void {
    const record = { ...(user as Record<string, unknown>) };
    this.users.set(String(record.id), record);
    if (logged) this.changeLog.push({ ...record });
  }

  /** Deletes a user: an incremental round reports `@removed: deleted`. */
  remove(id: string): void {
    this.users.delete(id);
    this.changeLog.push({ id, "@removed": { reason: "deleted" } });
  }

  /** Every deltaLink issued so far stops being accepted (Graph's 410 / resyncRequired). */
  expireTokens(): void {
    this.generation += 1;
  }

  /** The next round throws `error` after serving `afterPages` pages (a crash between pages). */
  failNextRound(afterPages: number, error: unknown): void {
    this.failures.push({ afterPages, error });
  }

  async *readRound(deltaLink: string | null): AsyncGenerator<SourcePage, void> {
    const failure = this.failures.shift();
    let records: unknown[];
    if (deltaLink === null) {
      this.rounds.push("full");
      records = [...this.users.values()].map((user) => ({ ...user }));
    } else {
      this.rounds.push("incremental");
      const link = new URL(deltaLink).searchParams;
      const position = Number(link.get("position"));
      if (!Number.isInteger(position) || Number(link.get("generation")) !== this.generation) {
        throw new DeltaTokenExpiredError(new Error(`410 Gone: ${deltaLink}`));
      }
      records = this.changeLog.slice(position).map((change) => ({ ...change }));
    }
    const endLink = `https://list.invalid/delta?generation=${this.generation}&position=${this.changeLog.length}`;
    const pageCount = Math.max(1, Math.ceil(records.length / this.pageSize));
    for (let page = 0; page < pageCount; page += 1) {
      if (failure !== undefined && page === failure.afterPages) throw failure.error;
      const last = page === pageCount - 1;
      yield {
        records: records.slice(page * this.pageSize, (page + 1) * this.pageSize),
        deltaLink: last ? endLink : null,
      };
    }
  }
}
