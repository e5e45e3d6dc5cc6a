import type { ContactDirectory } from "../store/contactDirectory";
import type { TenantLock, TenantStore } from "../store/store";

/**
 * The tenant store a locked run writes through: every write first checks that the run still holds its
 * tenant's lock. A PostgreSQL lock ends with its session; a run that lost it stops before its next page
 * and, above all, before saving the checkpoint, since another run may own the tenant by then.
 */
export function underLock(store: TenantStore, lock: TenantLock): TenantStore {
  const { directory, checkpoint } = store;
  const guarded: ContactDirectory = {
    tenantId: directory.tenantId,
    getContacts: (ids) => directory.getContacts(ids),
    allContactIds: () => directory.allContactIds(),
    countContacts: () => directory.countContacts(),
    applyPage: async (change) => {
      lock.assertHeld();
      await directory.applyPage(change);
    },
    findByE164: (e164) => directory.findByE164(e164),
    iterateContacts: () => directory.iterateContacts(),
    invalidNumbers: () => directory.invalidNumbers(),
    escrowed: () => directory.escrowed(),
  };
  return {
    tenantId: store.tenantId,
    directory: guarded,
    checkpoint: {
      tenantId: checkpoint.tenantId,
      read: () => checkpoint.read(),
      save: async (saved) => {
        lock.assertHeld();
        await checkpoint.save(saved);
      },
      clear: async () => {
        lock.assertHeld();
        await checkpoint.clear();
      },
    },
    runs: store.runs,
  };
}
