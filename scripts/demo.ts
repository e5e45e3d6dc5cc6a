/**
 * `npm run demo`: the whole story against the loopback stand-in for Entra ID and Microsoft Graph — a full
 * sync into .demo/directory.db, five kinds of directory change, an incremental sync, a caller-ID lookup and
 * the status report — each step run with the real `entra-replicator` CLI and explained. Exits 1 when a step
 * does not do what the story says.
 */
import fs from "node:fs";
import path from "node:path";
import { startStandIn, type StandIn } from "../standin";
import {
  CLI_COMMAND_SHOWN,
  type CliOutcome,
  commandLineOf,
  REPO_ROOT,
  runEntraReplicator,
  type SyncDocument,
} from "./lib/demoCli";
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_COUNTRY,
  DEMO_SEED,
  DEMO_TENANT_ID,
  type DemoChanges,
  demoUsers,
  inDefaultScope,
  planDemoChanges,
} from "./lib/demoTenant";

const DEMO_DIR = ".demo";
const STORE_PATH = path.join(DEMO_DIR, "directory.db");
const PAGE_SIZE = 50;

class DemoFailure extends Error {
  constructor(
    message: string,
    readonly outcome?: CliOutcome,
  ) {
    super(message);
  }
}

const say = (text = "") => process.stdout.write(`${text}\n`);
const indent = (text: string, by = "    ") =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => `${by}${line}`)
    .join("\n");

async function main(): Promise<void> {
  const started = performance.now();
  say("entra-replicator demo: a tenant replicated into a phone-ready contact directory, step by step.");
  say("Everything runs offline: a loopback HTTPS stand-in plays Microsoft Entra ID and Microsoft Graph.");

  fs.rmSync(path.join(REPO_ROOT, DEMO_DIR), { recursive: true, force: true });
  fs.mkdirSync(path.join(REPO_ROOT, DEMO_DIR), { recursive: true });

  const users = demoUsers();
  const members = users.filter(inDefaultScope).length;
  const guests = users.filter((user) => user.userType === "Guest").length;
  const disabled = users.filter((user) => user.accountEnabled === false).length;
  const standIn = await startStandIn({
    tenantId: DEMO_TENANT_ID,
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    users,
    pageSize: PAGE_SIZE,
  });
  try {
    step(1, "Start the stand-in with a generated tenant");
    say(
      `  ${users.length} invented users (seed ${DEMO_SEED}): ${members} enabled members, ${guests} guests,`,
    );
    say(
      `  ${disabled} disabled accounts; phone numbers from 14 countries as people type them, some unusable.`,
    );
    say(
      `  It serves the token endpoint and /v1.0/users/delta at ${standIn.url} (${PAGE_SIZE} users a page).`,
    );
    say();
    say("  The CLI reads its settings from the environment, as a pipeline would give them:");
    const env = cliEnvironment(standIn);
    for (const name of SHOWN_VARIABLES) say(`    ${name}=${shownValue(name, env)}`);
    say(`  and \`entra-replicator\` below is the package's bin, run from source: ${CLI_COMMAND_SHOWN}`);

    step(2, "Full sync: the first run reads every user");
    const full = await syncStep(env);
    expectCounts("full sync", full, { mode: "full", created: members, updated: 0, deleted: 0 });
    say(
      `  → A full round: ${full.pages} pages of /users/delta, ${users.length} users read in ${seconds(full)}.`,
    );
    say(`    Created ${full.created} contacts: the enabled members. Guests and disabled accounts are out of`);
    say(`    scope by default (--include-guests / --include-disabled change that).`);
    say(
      `    ${full.invalidNumbers} numbers could not be normalised: kept raw and flagged, never dropped (see step 6).`,
    );
    say("    The deltaLink that ends the round is stored, so the next run asks only for changes.");

    step(3, "Change the directory in the stand-in, as admins and users would");
    const changes = planDemoChanges(users);
    applyChanges(standIn, changes);
    say(`  + added      ${changes.added.displayName}, office number ${changes.added.businessPhones?.[0]}`);
    say(
      `  ~ renumbered ${changes.renumbered.user.displayName}: mobile ${changes.renumbered.user.mobilePhone}`,
    );
    say(`               → ${changes.renumbered.newMobile}`);
    say(`  - disabled   ${changes.disabled.displayName} (accountEnabled false)`);
    say(`  - deleted    ${changes.softDeleted.displayName} (soft delete: in the recycle bin for 30 days)`);
    say(`  + guest      ${changes.guest.displayName} invited (userType Guest)`);

    step(4, "Incremental sync: only the changes since the stored deltaLink");
    const incremental = await syncStep(env);
    expectCounts("incremental sync", incremental, {
      mode: "incremental",
      created: 1,
      updated: 1,
      deleted: 2,
    });
    say(
      `  → ${plural(incremental.pages, "page")} of at most ${PAGE_SIZE} records (the full round took ${full.pages}): only the changed users came back, in ${seconds(incremental)}.`,
    );
    say(`    Created 1 (${changes.added.displayName}), updated 1 (the new mobile number),`);
    say("    deleted 2: the disabled account left the scope and the soft-deleted user arrived as @removed.");
    say("    The guest arrived too and was left out, like every guest.");

    step(5, "Caller ID: who is calling?");
    const number = changes.renumbered.typedLocally;
    const lookup = await runStep(["lookup", number], env, 0);
    if (!lookup.stdout.includes(changes.renumbered.user.id)) {
      throw new DemoFailure(
        `lookup of ${number} did not find ${changes.renumbered.user.displayName}`,
        lookup,
      );
    }
    say(`  → "${number}" was written without a country code, so it was read in the default country`);
    say(
      `    (${DEMO_COUNTRY}), normalised to E.164 and found through the phone index: the number changed in step 3.`,
    );

    step(6, "Status: runs, counts, and the numbers that failed to normalise");
    const status = await runStep(["status"], env, 0);
    const expectedContacts = members + 1 - 2;
    if (!status.stdout.includes(`contacts ${expectedContacts};`)) {
      throw new DemoFailure(`status should report ${expectedContacts} contacts`, status);
    }
    say(
      `  → ${expectedContacts} contacts (${members} + 1 − 2), two runs recorded. Each unusable number is listed`,
    );
    say("    with its owner and why it failed, so it can be fixed at the source (in Entra ID).");

    step(7, "Point it at a real tenant");
    say(REAL_TENANT_GUIDE);
    say();
    say(
      `Demo finished in ${((performance.now() - started) / 1000).toFixed(1)} s. The directory is ${STORE_PATH}.`,
    );
  } finally {
    await standIn.close();
  }
}

const SHOWN_VARIABLES = [
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_AUTHORITY_HOST",
  "GRAPH_ENDPOINT",
  "ENTRA_REPLICATOR_DB",
  "ENTRA_REPLICATOR_COUNTRY",
  "NODE_EXTRA_CA_CERTS",
] as const;

function shownValue(name: (typeof SHOWN_VARIABLES)[number], env: NodeJS.ProcessEnv): string {
  if (name === "AZURE_CLIENT_SECRET") return "<the stand-in's client secret: set, never printed>";
  if (name === "NODE_EXTRA_CA_CERTS") return `${env[name]}   (trusts the stand-in's test certificate)`;
  return env[name] ?? "";
}

/** The CLI child's whole environment: nothing inherited but PATH and HOME, so the demo shows all it needs. */
function cliEnvironment(standIn: StandIn): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AZURE_TENANT_ID: DEMO_TENANT_ID,
    AZURE_CLIENT_ID: DEMO_CLIENT_ID,
    AZURE_CLIENT_SECRET: DEMO_CLIENT_SECRET,
    AZURE_AUTHORITY_HOST: standIn.authorityHost,
    GRAPH_ENDPOINT: standIn.graphEndpoint,
    ENTRA_REPLICATOR_DB: STORE_PATH,
    ENTRA_REPLICATOR_COUNTRY: DEMO_COUNTRY,
    // Read by Node at process start only: the child must be spawned with it.
    NODE_EXTRA_CA_CERTS: "standin/tls/ca.pem",
  };
}

function applyChanges(standIn: StandIn, changes: DemoChanges): void {
  standIn.directory.add(changes.added);
  standIn.directory.update(changes.renumbered.user.id, { mobilePhone: changes.renumbered.newMobile });
  standIn.directory.update(changes.disabled.id, { accountEnabled: false });
  standIn.directory.softDelete(changes.softDeleted.id);
  standIn.directory.add(changes.guest);
}

async function syncStep(env: NodeJS.ProcessEnv): Promise<SyncDocument> {
  const outcome = await runStep(["sync", "--json"], env, 0, { showStdout: false });
  let document: SyncDocument;
  try {
    document = JSON.parse(outcome.stdout) as SyncDocument;
  } catch {
    throw new DemoFailure("sync --json did not print one JSON document", outcome);
  }
  const { mode, outcome: result, created, updated, deleted, unchanged, invalidNumbers, pages } = document;
  say(
    indent(
      JSON.stringify({ mode, outcome: result, created, updated, deleted, unchanged, invalidNumbers, pages }),
    ),
  );
  return document;
}

async function runStep(
  args: string[],
  env: NodeJS.ProcessEnv,
  expectedCode: number,
  { showStdout = true } = {},
): Promise<CliOutcome> {
  say(`  $ ${commandLineOf(args)}`);
  const outcome = await runEntraReplicator(args, env);
  if (`${outcome.stdout}${outcome.stderr}`.includes(DEMO_CLIENT_SECRET)) {
    // Never shown: a leak fails the demo instead.
    throw new DemoFailure(`${outcome.commandLine} printed the client secret`);
  }
  if (showStdout) say(indent(outcome.stdout));
  if (outcome.code !== expectedCode) {
    throw new DemoFailure(`${outcome.commandLine} exited ${outcome.code}, expected ${expectedCode}`, outcome);
  }
  return outcome;
}

function expectCounts(
  what: string,
  document: SyncDocument,
  expected: Pick<SyncDocument, "mode" | "created" | "updated" | "deleted">,
): void {
  const actual = {
    mode: document.mode,
    created: document.created,
    updated: document.updated,
    deleted: document.deleted,
  };
  if (document.outcome !== "succeeded" || JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new DemoFailure(
      `the ${what} should have succeeded with ${JSON.stringify(expected)}, got ${document.outcome} ${JSON.stringify(actual)}`,
    );
  }
}

function seconds(document: SyncDocument): string {
  return `${((Date.parse(document.finishedAt) - Date.parse(document.startedAt)) / 1000).toFixed(1)} s`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function step(number: number, title: string): void {
  say();
  say(`${number}. ${title}`);
}

const REAL_TENANT_GUIDE = `  The same commands work against Microsoft Entra ID; only the settings change.
  With the Pulumi stack of infra/ deployed (it registers the app and grants User.Read.All):
    pulumi stack output --json --show-secrets > outputs.json      # tenantId, clientId, clientSecret, countryCode
    entra-replicator doctor --stack-outputs outputs.json           # token, roles claim, one user read
    entra-replicator sync --stack-outputs outputs.json --db contacts.db
    (or pipe it: pulumi stack output --json --show-secrets | entra-replicator sync --stack-outputs -)
  Or with the variables @azure/identity uses, e.g. in a scheduled pipeline:
    export AZURE_TENANT_ID=<tenant id> AZURE_CLIENT_ID=<client id> AZURE_CLIENT_SECRET=<from your secret store>
    export ENTRA_REPLICATOR_DB=/var/lib/entra-replicator/contacts.db ENTRA_REPLICATOR_COUNTRY=NL
    entra-replicator sync          # every few minutes: incremental after the first run
  Leave AZURE_AUTHORITY_HOST and GRAPH_ENDPOINT unset for the public cloud (--cloud usgov|china for the
  national clouds). In this repository, \`npm run cli -- <command>\` runs the CLI from source.`;

main().catch((error: unknown) => {
  process.stderr.write(`\nDemo FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof DemoFailure && error.outcome !== undefined) {
    const output = `${error.outcome.stdout}\n${error.outcome.stderr}`.split(DEMO_CLIENT_SECRET).join("***");
    process.stderr.write(`${indent(output.slice(-4000), "  | ")}\n`);
  }
  process.exitCode = 1;
});
