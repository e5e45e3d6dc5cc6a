import type { Command } from "commander";
import { ExitCode, ReplicatorError } from "../../errors";
import { generateApiKey, keyIdOf } from "../../serve/apiKeyHash";
import type { ApiKeyRecord, ApiKeyStore } from "../../serve/apiKeyStore";
import { apiKeyNotFound } from "../../serve/serveErrors";
import { addSettingOptions, type CliSettingOptions, commandSettings } from "../cliSettings";
import type { CommandContext } from "../context";
import { withoutPassword } from "./serve";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type StoreOptions = CliSettingOptions & { json?: boolean };

/**
 * `entra-replicator apikey create | list | revoke`: the keys `serve` accepts. A key is printed once, by
 * `create`; the store keeps only its scrypt hash, so a lost key is revoked and replaced, never shown again.
 */
export function registerApiKey(program: Command, context: CommandContext): void {
  const apikey = program
    .command("apikey")
    .description("API keys of the `serve` HTTP service (one tenant each)");

  withStoreOptions(
    apikey
      .command("create")
      .description("Create a key for one tenant and print it once")
      .requiredOption("--tenant <guid>", "the Entra tenant id whose directory the key may read")
      .option("--name <name>", "what the key is for, e.g. the PBX's name"),
  ).action(async (options: StoreOptions & { tenant: string; name?: string }) => {
    const tenantId = options.tenant.trim().toLowerCase();
    if (!GUID.test(tenantId)) {
      throw new ReplicatorError({
        code: "tenant-invalid",
        field: "tenant",
        message: `--tenant '${options.tenant}' is not a tenant id (a GUID).`,
        fix: "Pass the Directory (tenant) ID, e.g. --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47.",
        exitCode: ExitCode.Usage,
      });
    }
    const created = await generateApiKey();
    const record: ApiKeyRecord = {
      keyId: created.keyId,
      tenantId,
      name: options.name ?? null,
      hash: created.hash,
      createdAt: new Date().toISOString(),
      revokedAt: null,
    };
    const location = await withKeyStore(options, context, async (keys, where) => {
      await keys.create(record);
      return where;
    });
    context.stdout.write(
      options.json === true
        ? `${JSON.stringify({ key: created.key, ...publicView(record) }, null, 2)}\n`
        : `${created.key}\n\nAPI key ${record.keyId} for tenant ${tenantId}${record.name === null ? "" : ` (${record.name})`}, ` +
            `stored (as a hash) in ${location}. It is shown only this once: store it now. ` +
            "Send it as `Authorization: Bearer <key>` (phones: as the password of the phonebook URL).\n",
    );
  });

  withStoreOptions(
    apikey
      .command("list")
      .description("Every key: id, tenant, name, created, revoked (never the key itself)")
      .option("--tenant <guid>", "only this tenant's keys"),
  ).action(async (options: StoreOptions & { tenant?: string }) => {
    const records = await withKeyStore(options, context, (keys) =>
      keys.list(options.tenant?.trim().toLowerCase()),
    );
    if (options.json === true) {
      context.stdout.write(`${JSON.stringify({ keys: records.map(publicView) }, null, 2)}\n`);
      return;
    }
    if (records.length === 0) {
      context.stdout.write(
        "No API keys. Create one with `entra-replicator apikey create --tenant <tenant id>`.\n",
      );
      return;
    }
    const rows = records.map((r) => [
      r.keyId,
      r.tenantId,
      r.name ?? "",
      r.createdAt,
      r.revokedAt ?? "active",
    ]);
    context.stdout.write(table([["KEY ID", "TENANT", "NAME", "CREATED", "REVOKED"], ...rows]));
  });

  withStoreOptions(
    apikey
      .command("revoke")
      .description("Revoke a key at once (the next request with it gets 401)")
      .argument("<key-id>", "the key id from `apikey list` (or the whole key)"),
  ).action(async (keyIdOrKey: string, options: StoreOptions) => {
    const keyId = keyIdOf(keyIdOrKey.trim()) ?? keyIdOrKey.trim().toLowerCase();
    const revoked = await withKeyStore(options, context, (keys) => keys.revoke(keyId, new Date()));
    if (!revoked) throw apiKeyNotFound(keyId);
    context.stdout.write(
      options.json === true
        ? `${JSON.stringify({ keyId, revoked: true })}\n`
        : `API key ${keyId} is revoked.\n`,
    );
  });
}

function withStoreOptions(command: Command): Command {
  addSettingOptions(command, ["store"]);
  return command.option("--json", "print exactly one JSON document on stdout");
}

async function withKeyStore<T>(
  options: StoreOptions,
  context: CommandContext,
  use: (keys: ApiKeyStore, location: string) => Promise<T>,
): Promise<T> {
  const location = commandSettings(options, context).store().storePath;
  // Loaded here, not at start-up: every other command would pay for better-sqlite3 and pg.
  const { openApiKeysForWriting } = await import("../../serve/serveBackend");
  const keys = await openApiKeysForWriting(location);
  try {
    return await use(keys, withoutPassword(location));
  } finally {
    await keys.close();
  }
}

function publicView(record: ApiKeyRecord) {
  return {
    keyId: record.keyId,
    tenantId: record.tenantId,
    name: record.name,
    createdAt: record.createdAt,
    revokedAt: record.revokedAt,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}
