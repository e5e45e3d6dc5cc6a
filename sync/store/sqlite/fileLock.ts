import path from "node:path";
import { TenantLockedError } from "../storeErrors";
import { acquireStoreLock, type StoreLock } from "./storeLock";

const held = new Map<string, { lock: StoreLock; tenants: Set<string> }>();

/**
 * The store file's `<file>.lock`, shared by every run of this process: taken by the first run, released
 * by the last, so other processes stay out of the file while any run of this one writes it. Within the
 * process, a second run of a tenant already running is refused (whichever Store object it came through).
 */
export function acquireTenantFileLock(givenPath: string, tenantId: string): StoreLock {
  // One file, one entry, however its path was written.
  const storePath = givenPath.startsWith(":memory:") ? givenPath : path.resolve(givenPath);
  let entry = held.get(storePath);
  if (entry?.tenants.has(tenantId) === true) throw new TenantLockedError(storePath, tenantId);
  if (entry === undefined) {
    // An in-memory database has no file and no other process can reach it: no lock file.
    const lock = storePath.startsWith(":memory:")
      ? { release: () => undefined }
      : acquireStoreLock(storePath);
    entry = { lock, tenants: new Set() };
    held.set(storePath, entry);
  }
  entry.tenants.add(tenantId);
  const shared = entry;
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      shared.tenants.delete(tenantId);
      if (shared.tenants.size === 0) {
        held.delete(storePath);
        shared.lock.release();
      }
    },
  };
}
