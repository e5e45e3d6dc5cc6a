import type { Contact, EscrowedRecord, InvalidNumberReport, RunSummary } from "../model";
import type { ContactDirectory, PageChange } from "../store/contactDirectory";
import type { RoundCheckpoint, RoundCheckpointStore } from "../store/roundCheckpoint";
import type { RunLog } from "../store/runLog";
import type { TenantStore } from "../store/store";

/** What a dry run would have written. */
export interface PlannedChanges {
  upsert: Contact[];
  delete: string[];
  escrow: EscrowedRecord[];
}

/**
 * A tenant store that writes nothing: reads come from the real tenant store (or an empty one when there
 * is none yet) overlaid with the run's own planned changes, so later pages plan against what earlier pages
 * would have done. Checkpoint saves and run records are dropped. Chosen once, at the composition root.
 */
export class DryRunStore implements TenantStore {
  readonly tenantId: string;
  readonly directory: DryRunDirectory;
  readonly checkpoint: RoundCheckpointStore;
  readonly runs: RunLog;

  constructor(tenantId: string, base: TenantStore | null) {
    this.tenantId = tenantId;
    this.directory = new DryRunDirectory(tenantId, base?.directory ?? null);
    this.checkpoint = {
      tenantId,
      read: async (): Promise<RoundCheckpoint | null> => (base === null ? null : base.checkpoint.read()),
      save: async () => undefined,
      clear: async () => undefined,
    };
    this.runs = {
      tenantId,
      record: async () => undefined,
      recent: async (limit: number): Promise<RunSummary[]> => (base === null ? [] : base.runs.recent(limit)),
    };
  }

  plannedChanges(): PlannedChanges {
    return this.directory.plannedChanges();
  }
}

class DryRunDirectory implements ContactDirectory {
  private readonly upserts = new Map<string, Contact>();
  private readonly deletes = new Set<string>();
  private readonly escrow = new Map<string, EscrowedRecord>();

  constructor(
    readonly tenantId: string,
    private readonly base: ContactDirectory | null,
  ) {}

  plannedChanges(): PlannedChanges {
    return {
      upsert: [...this.upserts.values()],
      delete: [...this.deletes],
      escrow: [...this.escrow.values()],
    };
  }

  async getContacts(ids: readonly string[]): Promise<Map<string, Contact>> {
    const found =
      this.base === null
        ? new Map<string, Contact>()
        : await this.base.getContacts(ids.filter((id) => !this.deletes.has(id)));
    for (const id of ids) {
      const planned = this.upserts.get(id);
      if (planned !== undefined) found.set(id, planned);
    }
    return found;
  }

  async allContactIds(): Promise<Set<string>> {
    const ids = this.base === null ? new Set<string>() : await this.base.allContactIds();
    for (const id of this.upserts.keys()) ids.add(id);
    for (const id of this.deletes) ids.delete(id);
    return ids;
  }

  async countContacts(): Promise<number> {
    return (await this.allContactIds()).size;
  }

  async applyPage(change: PageChange): Promise<void> {
    for (const contact of change.upsert) {
      this.deletes.delete(contact.id);
      this.upserts.set(contact.id, contact);
    }
    for (const id of change.delete) {
      this.upserts.delete(id);
      this.deletes.add(id);
    }
    for (const id of change.resolvedEscrow) this.escrow.delete(id);
    for (const record of change.escrow) this.escrow.set(record.id, record);
  }

  async findByE164(e164: string): Promise<Contact[]> {
    const fromBase = (this.base === null ? [] : await this.base.findByE164(e164)).filter(
      (contact) => !this.deletes.has(contact.id) && !this.upserts.has(contact.id),
    );
    const planned = [...this.upserts.values()].filter((contact) =>
      contact.phones.some((phone) => phone.e164 === e164),
    );
    return [...fromBase, ...planned];
  }

  async *iterateContacts(): AsyncGenerator<Contact> {
    if (this.base !== null) {
      for await (const contact of this.base.iterateContacts()) {
        if (!this.deletes.has(contact.id) && !this.upserts.has(contact.id)) yield contact;
      }
    }
    yield* this.upserts.values();
  }

  async invalidNumbers(): Promise<InvalidNumberReport[]> {
    return this.base === null ? [] : this.base.invalidNumbers();
  }

  async escrowed(): Promise<EscrowedRecord[]> {
    return this.base === null ? [] : this.base.escrowed();
  }
}
