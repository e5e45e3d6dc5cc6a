import { ExitCode, ReplicatorError } from "../errors";
import { openStore } from "../store/openStore";
import type { Store, TenantStore } from "../store/store";

/**
 * Read-only use of one tenant's directory (lookup, status, export): a missing store is a clear error,
 * never a new file. `tenant` picks the tenant when the store holds several (see `selectTenant`).
 */
export async function withTenantStore<T>(
  location: string,
  tenant: string | undefined,
  use: (tenantStore: TenantStore, store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(location, { readonly: true });
  try {
    return await use(await selectTenant(store, tenant), store);
  } finally {
    await store.close();
  }
}

/**
 * The tenant a read-only command means: the one asked for (by id), else the only tenant the store holds.
 * Several tenants and none asked for, or one asked for that the store does not hold while it holds
 * others → an error listing the tenants it holds. An empty store reads as an empty directory.
 */
export async function selectTenant(store: Store, wanted: string | undefined): Promise<TenantStore> {
  const held = (await store.tenants()).map((tenant) => tenant.tenantId);
  const asked = wanted === undefined || wanted === "" ? undefined : wanted;
  if (asked !== undefined && (held.includes(asked) || held.length === 0)) return store.forTenant(asked);
  if (asked === undefined && held.length <= 1) return store.forTenant(held[0] ?? "");
  const listing = held.map((id) => (id === "" ? "'' (contacts of a pre-tenant store)" : id)).join(", ");
  throw new ReplicatorError({
    code: "store-tenant-ambiguous",
    field: "tenant",
    message:
      asked === undefined
        ? `The store ${store.location} holds ${held.length} tenants (${listing}); which one is meant?`
        : `The store ${store.location} holds nothing of tenant ${asked}; it holds ${listing}.`,
    fix: "Name the tenant with --tenant <id> (or AZURE_TENANT_ID).",
    exitCode: ExitCode.Usage,
  });
}
