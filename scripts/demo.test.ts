import path from "node:path";
import { toContact, userFromRecord } from "../sync/plan";
import { DEMO_CLIENT_SECRET, DEMO_COUNTRY, demoUsers, inDefaultScope } from "./lib/demoTenant";
import { type ProcessOutcome, runProcess } from "./lib/runProcess";

const REPO_ROOT = path.resolve(__dirname, "..");

/** `npm run demo` as a user runs it: its own process, without NODE_EXTRA_CA_CERTS set at its start. */
function runDemo(): Promise<ProcessOutcome> {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return runProcess(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "scripts/demo.ts")], {
    cwd: REPO_ROOT,
    env,
  });
}

/** The compact JSON line the demo prints after each `entra-replicator sync --json`. */
function syncDocuments(stdout: string): unknown[] {
  return stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{"mode":'))
    .map((line) => JSON.parse(line) as unknown);
}

/** What the demo's generated tenant holds: its enabled members, and how many of their numbers are unusable. */
const members = demoUsers().filter(inDefaultScope);
const unusableNumbers = members
  .flatMap((user) => toContact(userFromRecord(user), DEMO_COUNTRY).phones)
  .filter((phone) => !phone.valid).length;

describe("npm run demo", () => {
  let run: ProcessOutcome;

  beforeAll(async () => {
    run = await runDemo();
  }, 120_000);

  it("exits 0 and never prints the client secret", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(DEMO_CLIENT_SECRET);
    expect(run.stdout).toContain("AZURE_CLIENT_SECRET=<the stand-in's client secret: set, never printed>");
  });

  it("runs a full sync, then an incremental one that sees exactly the five changes", () => {
    expect(syncDocuments(run.stdout)).toEqual([
      {
        mode: "full",
        outcome: "succeeded",
        created: members.length,
        updated: 0,
        deleted: 0,
        unchanged: 0,
        invalidNumbers: unusableNumbers,
        pages: 6,
      },
      {
        mode: "incremental",
        outcome: "succeeded",
        created: 1,
        updated: 1,
        deleted: 2,
        unchanged: 0,
        invalidNumbers: 0,
        pages: 1,
      },
    ]);
  });

  it("shows the real CLI's command lines, the caller-ID match and the status report", () => {
    const commands = run.stdout.split("\n").filter((line) => line.startsWith("  $ "));
    expect(commands).toEqual([
      "  $ entra-replicator sync --json",
      "  $ entra-replicator sync --json",
      "  $ entra-replicator lookup 06-48123907",
      "  $ entra-replicator status",
    ]);
    expect(run.stdout).toContain("1 contact(s) with +31648123907:");
    expect(run.stdout).toContain("mobile: +31648123907");
    // The incremental round adds one member and removes two (one disabled, one deleted).
    expect(run.stdout).toContain(`contacts ${members.length + 1 - 2}; next sync incremental: yes`);
    expect(run.stdout).toContain(`Numbers that failed to normalise (${unusableNumbers}):`);
    expect(members.length).toBeGreaterThan(250);
    expect(unusableNumbers).toBeGreaterThan(5);
    expect(run.stdout).toContain("pulumi stack output --json --show-secrets");
  });
});
