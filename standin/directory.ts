import { type GraphUser, projectDeltaUser, projectUser } from "./graphUser";

type Lifecycle = "active" | "softDeleted";

interface Entry {
  user: GraphUser;
  lifecycle: Lifecycle;
  /** Change sequence numbers: a delta token remembers the sequence it was issued at. */
  addedSeq: number;
  restoredSeq: number;
  softDeletedSeq: number;
  /** Last change per property; created lazily because most users never change. */
  propertySeq: Map<string, number> | null;
  /** Creation order (a user added again after a hard delete goes to the end, like a new one). */
  ordinal: number;
}

interface Tombstone {
  deletedSeq: number;
  addedSeq: number;
}

/**
 * A new user as Graph stores it: a property given as `null` (or not at all) was never set, so it is not
 * stored; only a later `update(id, {p: null})` makes it "cleared" (stored as `null`, reported as `null`).
 */
function createdUser(user: GraphUser): GraphUser {
  const created = copyUser(user);
  for (const key in created) if (created[key] === null) delete created[key];
  return created;
}

/** A copy deep enough that callers cannot reach the stored user (values are primitives or small arrays). */
function copyUser(user: GraphUser): GraphUser {
  // Spread keeps V8's compact object layout (a key-by-key copy does not), which matters at 100k users.
  const copy: GraphUser = { ...user };
  for (const key in copy) {
    const value = copy[key];
    if (typeof value !== "object" || value === null) continue;
    copy[key] =
      Array.isArray(value) && value.every((item) => typeof item !== "object" || item === null)
        ? value.slice()
        : structuredClone(value);
  }
  return copy;
}

/** Whether an existing user has something to report to a delta token issued at `since`. */
function changedSince(entry: Entry, since: number): boolean {
  if (entry.addedSeq > since || entry.restoredSeq > since || entry.softDeletedSeq > since) {
    // Added and soft-deleted since the token: it never existed as far as that client knows.
    return !(entry.lifecycle === "softDeleted" && entry.addedSeq > since);
  }
  if (entry.propertySeq === null || entry.lifecycle !== "active") return false;
  for (const seq of entry.propertySeq.values()) if (seq > since) return true;
  return false;
}

/** What one user looks like in a delta page, relative to a delta token's sequence. */
export type DeltaRecord = Record<string, unknown>;

/**
 * The tenant's users plus enough change history to answer delta queries: every mutation bumps a
 * sequence number, and a delta token is just the sequence it was issued at.
 */
export class Directory {
  private readonly entries = new Map<string, Entry>();
  private readonly tombstones = new Map<string, Tombstone>();
  /** Every change as (sequence, user id), in sequence order: an incremental round reads only its tail. */
  private readonly changeLog: { seq: number; id: string }[] = [];
  private seq = 0;
  private nextOrdinal = 0;

  constructor(users: readonly GraphUser[] = []) {
    for (const user of users) this.add(user);
  }

  /** The sequence number of the latest change. */
  get sequence(): number {
    return this.seq;
  }

  /** Number of users that are not deleted. */
  get activeCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.lifecycle === "active") count++;
    return count;
  }

  add(user: GraphUser): void {
    if (typeof user.id !== "string" || user.id === "") {
      throw new Error("directory.add: user.id must be a non-empty string (Graph object ids are GUIDs)");
    }
    if (this.entries.has(user.id)) {
      throw new Error(`directory.add: a user with id ${user.id} already exists; use update() to change it`);
    }
    this.tombstones.delete(user.id);
    const seq = this.logChange(user.id);
    this.entries.set(user.id, {
      user: createdUser(user),
      lifecycle: "active",
      addedSeq: seq,
      restoredSeq: 0,
      softDeletedSeq: 0,
      propertySeq: null,
      ordinal: this.nextOrdinal++,
    });
  }

  /**
   * Changes properties; `null` clears one (a property never set stays never set: clearing it changes nothing).
   * Properties whose value does not change are not tracked.
   */
  update(id: string, patch: Partial<GraphUser>): void {
    const entry = this.require(id, "update");
    if ("id" in patch && patch.id !== id) throw new Error("directory.update: the id of a user cannot change");
    const seq = this.seq + 1;
    let changed = false;
    for (const [property, value] of Object.entries(patch)) {
      if (property === "id" || value === undefined) continue;
      if (JSON.stringify(entry.user[property] ?? null) === JSON.stringify(value)) continue;
      entry.user[property] = structuredClone(value);
      (entry.propertySeq ??= new Map()).set(property, seq);
      changed = true;
    }
    if (changed) this.logChange(id);
  }

  /** Moves the user to "deleted items": delta reports `@removed: {reason: "changed"}`. */
  softDelete(id: string): void {
    const entry = this.require(id, "softDelete");
    if (entry.lifecycle === "softDeleted")
      throw new Error(`directory.softDelete: user ${id} is already deleted`);
    entry.lifecycle = "softDeleted";
    entry.softDeletedSeq = this.logChange(id);
  }

  /** Brings a soft-deleted user back: delta reports it in full again. */
  restore(id: string): void {
    const entry = this.require(id, "restore");
    if (entry.lifecycle !== "softDeleted") throw new Error(`directory.restore: user ${id} is not deleted`);
    entry.lifecycle = "active";
    entry.restoredSeq = this.logChange(id);
  }

  /** Removes the user for good: delta reports `@removed: {reason: "deleted"}`. */
  hardDelete(id: string): void {
    const entry = this.require(id, "hardDelete");
    this.entries.delete(id);
    this.tombstones.delete(id); // re-inserted, so the tombstones keep deletion order
    this.tombstones.set(id, { deletedSeq: this.logChange(id), addedSeq: entry.addedSeq });
  }

  /** A copy of an active user, or undefined when absent or deleted. */
  get(id: string): GraphUser | undefined {
    const entry = this.entries.get(id);
    return entry?.lifecycle === "active" ? copyUser(entry.user) : undefined;
  }

  /** The id of the active user addressed by object id or (case-insensitively) by userPrincipalName. */
  resolveId(idOrUserPrincipalName: string): string | undefined {
    if (this.entries.get(idOrUserPrincipalName)?.lifecycle === "active") return idOrUserPrincipalName;
    const wanted = idOrUserPrincipalName.toLowerCase();
    for (const [id, entry] of this.entries) {
      const upn = entry.user.userPrincipalName;
      if (entry.lifecycle === "active" && typeof upn === "string" && upn.toLowerCase() === wanted) return id;
    }
    return undefined;
  }

  /** Copies of the active users, in creation order. */
  list(): GraphUser[] {
    const users: GraphUser[] = [];
    for (const entry of this.entries.values()) {
      if (entry.lifecycle === "active") users.push(copyUser(entry.user));
    }
    return users;
  }

  /**
   * Ids of the users a delta round would report: all active users for a full round (since null); for an
   * incremental one only the users the change log names after `since` — O(changes), not O(tenant), as a
   * real service answers a delta token — in creation order, then the hard-deleted ones in deletion order.
   */
  deltaCandidates(since: number | null): string[] {
    if (since === null) return this.activeIds();
    const touched = new Set<string>();
    for (let i = this.firstChangeAfter(since); i < this.changeLog.length; i++) {
      touched.add(this.changeLog[i]!.id);
    }
    const changed: string[] = [];
    const removed: string[] = [];
    for (const id of touched) {
      const entry = this.entries.get(id);
      if (entry !== undefined) {
        if (changedSince(entry, since)) changed.push(id);
        continue;
      }
      const tombstone = this.tombstones.get(id);
      if (tombstone !== undefined && tombstone.deletedSeq > since && tombstone.addedSeq <= since)
        removed.push(id);
    }
    const ordinal = (id: string) => this.entries.get(id)!.ordinal;
    const deletedAt = (id: string) => this.tombstones.get(id)!.deletedSeq;
    changed.sort((a, b) => ordinal(a) - ordinal(b));
    removed.sort((a, b) => deletedAt(a) - deletedAt(b));
    return [...changed, ...removed];
  }

  /** Index of the first change-log entry after `since` (the log is in sequence order). */
  private firstChangeAfter(since: number): number {
    let low = 0;
    let high = this.changeLog.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.changeLog[middle]!.seq > since) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** Ids of all active users in creation order (for `/users` paging). */
  activeIds(): string[] {
    const ids: string[] = [];
    for (const [id, entry] of this.entries) if (entry.lifecycle === "active") ids.push(id);
    return ids;
  }

  /** An active user projected onto `select`, or null. */
  project(id: string, select: readonly string[]): Record<string, unknown> | null {
    const entry = this.entries.get(id);
    return entry?.lifecycle === "active" ? projectUser(entry.user, select) : null;
  }

  /**
   * How user `id` appears in a delta page relative to sequence `since` (null = full round), rendered from its
   * current state; null when it has nothing to report. Default mode (GRAPH-CONTRACT.md): every selected
   * property the user has, changed or not; never-set ones absent; cleared ones `null`. `minimal` is Graph's
   * `Prefer: return=minimal`: an updated user carries only the properties that changed (new value, null
   * included); added and restored users are reported whole either way.
   */
  renderDelta(
    id: string,
    since: number | null,
    select: readonly string[],
    minimal: boolean,
  ): DeltaRecord | null {
    const entry = this.entries.get(id);
    if (entry === undefined) {
      return since !== null && this.tombstones.has(id) ? { id, "@removed": { reason: "deleted" } } : null;
    }
    if (entry.lifecycle === "softDeleted") {
      return since !== null ? { id, "@removed": { reason: "changed" } } : null;
    }
    if (since === null || entry.addedSeq > since || entry.restoredSeq > since)
      return projectDeltaUser(entry.user, select);
    const changed = select.filter((property) => (entry.propertySeq?.get(property) ?? 0) > since);
    if (changed.length === 0) return null;
    if (!minimal) return projectDeltaUser(entry.user, select);
    const record: DeltaRecord = { id };
    for (const property of changed) record[property] = entry.user[property] ?? null;
    return record;
  }

  /** The next sequence number, recorded against `id`. */
  private logChange(id: string): number {
    const seq = ++this.seq;
    this.changeLog.push({ seq, id });
    return seq;
  }

  private require(id: string, operation: string): Entry {
    const entry = this.entries.get(id);
    if (entry === undefined) throw new Error(`directory.${operation}: no user with id ${id}`);
    return entry;
  }
}
