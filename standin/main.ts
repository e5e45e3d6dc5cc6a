/**
 * Runs the stand-in as its own process for the demo, the bench and tests that kill a sync child:
 *   npx tsx standin/main.ts --users 1000 --seed 42 [--page-size N] [--port N] [--token-lifetime S]
 * Prints ONE JSON line `{url, tenantId, clientId, clientSecret}` on stdout, then serves until SIGTERM/SIGINT.
 * Drive it through `/_control/*` (see control.ts). It needs NODE_EXTRA_CA_CERTS=standin/tls/ca.pem only
 * on the client side.
 */
import { randomBytes } from "node:crypto";
import { generateTenant } from "./generateTenant";
import { startStandIn } from "./index";
import { SeededRandom } from "./seededRandom";

const FLAGS = ["--users", "--seed", "--page-size", "--port", "--token-lifetime"] as const;
type Flag = (typeof FLAGS)[number];

function parseFlags(argv: readonly string[]): Map<Flag, number> {
  const values = new Map<Flag, number>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] as Flag;
    const raw = argv[i + 1];
    if (!FLAGS.includes(flag)) throw new Error(`unknown flag ${flag}; use ${FLAGS.join(", ")}`);
    const value = Number(raw);
    if (raw === undefined || !Number.isInteger(value) || value < 0) {
      throw new Error(`${flag} needs a non-negative integer (got ${raw ?? "nothing"})`);
    }
    values.set(flag, value);
  }
  return values;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const seed = flags.get("--seed") ?? 42;
  const ids = new SeededRandom(seed ^ 0x5eed);
  const tenantId = ids.guid();
  const clientId = ids.guid();
  // Shaped like an Entra client secret (3-char prefix + "8Q~" + random); fresh per run, never derived from the seed.
  const clientSecret = `Sb${randomBytes(1).toString("hex")[0]}8Q~${randomBytes(27).toString("base64url").slice(0, 34)}`;
  const standIn = await startStandIn({
    tenantId,
    clientId,
    clientSecret,
    users: generateTenant({ seed, count: flags.get("--users") ?? 1000 }),
    pageSize: flags.get("--page-size"),
    port: flags.get("--port"),
    tokenLifetimeSeconds: flags.get("--token-lifetime"),
  });
  process.stdout.write(`${JSON.stringify({ url: standIn.url, tenantId, clientId, clientSecret })}\n`);
  const stop = () => {
    standIn.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`standin: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
