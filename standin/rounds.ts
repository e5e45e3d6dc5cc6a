import { randomUUID } from "node:crypto";

/**
 * A round of paging, frozen when it starts: which ids it covers, and (for delta) the change sequence it
 * started at. Pages render each id's current state, so a change made mid-round may show early, and shows
 * again in the next round, never lost — the at-least-once contract Graph gives.
 */
export interface Round {
  id: string;
  /** Delta: the sequence of the token the round started from (null = full round). */
  since: number | null;
  /** Delta: the sequence when the round started; the round's deltaLink resumes from here. */
  upTo: number;
  select: string[];
  ids: string[];
  /** A truncation fault: end the round with a deltaLink after this many pages. */
  truncateAfterPages: number | null;
}

// Rounds stay open after their last page so a client may re-request any page (as with Graph's tokens);
// the bound keeps a 100k-user bench at a few MB of id snapshots.
const MAX_OPEN_ROUNDS = 24;

/** Open rounds by id, bounded: a client that abandons rounds cannot grow memory without limit. */
export class RoundStore {
  private readonly rounds = new Map<string, Round>();

  open(round: Omit<Round, "id">): Round {
    const opened: Round = { id: randomUUID(), ...round };
    this.rounds.set(opened.id, opened);
    if (this.rounds.size > MAX_OPEN_ROUNDS) {
      const oldest = this.rounds.keys().next().value;
      if (oldest !== undefined) this.rounds.delete(oldest);
    }
    return opened;
  }

  get(id: string): Round | undefined {
    return this.rounds.get(id);
  }
}
