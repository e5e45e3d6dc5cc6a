import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { directorySettingsOf } from "../engine/directorySettings";
import type { Contact, RunSummary } from "../model";
import { entraUser, storedContact } from "../plan/testUsers";
import { openStore } from "../store/openStore";
import { generateApiKey } from "../serve/apiKeyHash";
import { openApiKeysForWriting } from "../serve/serveBackend";

export const TENANT_A = "11111111-1111-4111-8111-111111111111";
export const TENANT_B = "22222222-2222-4222-8222-222222222222";

/** A temporary store file synced by TENANT_A (default country NL), for serve tests. */
export function temporaryStore(): { storePath: string; dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "serve-"));
  return {
    dir,
    storePath: path.join(dir, "directory.db"),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export function contactNumber(index: number): Contact {
  const id = `00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;
  return storedContact(
    entraUser({
      id,
      displayName: `Person ${String(index).padStart(6, "0")}`,
      givenName: "Person",
      surname: String(index),
      mail: `person${index}@contoso.example`,
      businessPhones: [`+31 20 ${String(1_000_000 + index).slice(-7)}`],
      mobilePhone: null,
    }),
  );
}

/** Writes contacts as a sync of `tenantId` would: a page, the checkpoint with its settings, a succeeded run. */
export async function syncInto(
  storeLocation: string,
  contacts: readonly Contact[],
  options: { tenantId?: string; deletes?: string[]; finishedAt?: Date; defaultCountry?: string | null } = {},
): Promise<void> {
  const tenantId = options.tenantId ?? TENANT_A;
  const store = await openStore(storeLocation);
  try {
    const tenant = store.forTenant(tenantId);
    await tenant.directory.applyPage({
      upsert: contacts,
      delete: options.deletes ?? [],
      escrow: [],
      resolvedEscrow: [],
    });
    const settings = directorySettingsOf({
      scope: { includeGuests: false, includeDisabled: false },
      defaultCountry: options.defaultCountry === undefined ? "NL" : options.defaultCountry,
    });
    await tenant.checkpoint.save({ deltaLink: `https://graph.example/delta?token=${Date.now()}`, settings });
    await tenant.runs.record(run(tenantId, (options.finishedAt ?? new Date()).toISOString()));
  } finally {
    await store.close();
  }
}

function run(tenantId: string, finishedAt: string): RunSummary {
  return {
    runId: `run-${Math.random().toString(16).slice(2)}`,
    tenantId,
    mode: "incremental",
    outcome: "succeeded",
    startedAt: finishedAt,
    finishedAt,
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    invalidNumbers: 0,
    escrowed: 0,
    pages: 1,
    message: null,
  };
}

/** Creates an API key for `tenantId` in the store the way `apikey create` does; returns the key. */
export async function createKey(
  storePath: string,
  tenantId: string,
  name: string | null = null,
): Promise<{ key: string; keyId: string }> {
  const keys = await openApiKeysForWriting(storePath);
  try {
    const created = await generateApiKey();
    await keys.create({
      keyId: created.keyId,
      tenantId,
      name,
      hash: created.hash,
      createdAt: new Date().toISOString(),
      revokedAt: null,
    });
    return { key: created.key, keyId: created.keyId };
  } finally {
    await keys.close();
  }
}

export async function revokeKey(storePath: string, keyId: string): Promise<void> {
  const keys = await openApiKeysForWriting(storePath);
  try {
    await keys.revoke(keyId, new Date());
  } finally {
    await keys.close();
  }
}
