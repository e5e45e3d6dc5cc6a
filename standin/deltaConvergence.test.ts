import { credentialFor, graphClientFor } from "./clients";
import { generateTenant } from "./generateTenant";
import { projectDeltaUser } from "./graphUser";
import { startStandIn, type StandIn } from "./index";
import { SeededRandom } from "./seededRandom";

const SELECT = ["displayName", "mobilePhone", "businessPhones", "accountEnabled", "jobTitle"];
const SECRET = "Cv38Q~stand-in-test-secret-value";

type Replica = Map<string, Record<string, unknown>>;

/**
 * What a correct client does with a delta record (GRAPH-CONTRACT.md): remove; with `return=minimal` merge what
 * is present over what it knew (absent = unchanged); by default take the record whole (absent = never set).
 */
function apply(replica: Replica, record: Record<string, unknown>, minimal: boolean): void {
  const id = record.id as string;
  if (record["@removed"] !== undefined) replica.delete(id);
  else replica.set(id, minimal ? { ...replica.get(id), ...record } : { ...record });
}

/** One random directory change, so rounds see adds, updates, soft and hard deletes, restores. */
function mutate(
  standIn: StandIn,
  r: SeededRandom,
  softDeleted: Set<string>,
  counter: { next: number },
): void {
  const active = standIn.directory.list().map((u) => u.id);
  const roll = r.next();
  if (roll < 0.2 || active.length === 0) {
    const [user] = generateTenant({ seed: 10_000 + counter.next++, count: 1 });
    standIn.directory.add(user!);
  } else if (roll < 0.6) {
    standIn.directory.update(r.pick(active), {
      [r.pick(SELECT)]: r.chance(0.2) ? null : `v${counter.next++}`,
      ...(r.chance(0.3) ? { department: `not selected ${counter.next++}` } : {}),
    });
  } else if (roll < 0.75) {
    const id = r.pick(active);
    standIn.directory.softDelete(id);
    softDeleted.add(id);
  } else if (roll < 0.85 && softDeleted.size > 0) {
    const id = r.pick([...softDeleted]);
    softDeleted.delete(id);
    standIn.directory.restore(id);
  } else {
    const id = r.pick(active);
    standIn.directory.hardDelete(id);
  }
}

describe("delta rounds converge a replica to the directory", () => {
  let standIn: StandIn | undefined;

  // One stand-in per seed, each closed after its test: an unclosed server keeps jest from exiting.
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])("with changes between and during rounds (seed %i)", async (seed) => {
    const server = await startStandIn({
      tenantId: "t-converge",
      clientId: "c-converge",
      clientSecret: SECRET,
      users: generateTenant({ seed, count: 12 }),
      pageSize: 3,
    });
    standIn = server;
    const client = graphClientFor(server, credentialFor(server, SECRET));
    const r = new SeededRandom(seed);
    const softDeleted = new Set<string>();
    const counter = { next: 0 };
    const replica: Replica = new Map();
    const minimal = r.chance(0.5);
    let link = `/users/delta?$select=${SELECT.join(",")}`;

    for (let round = 0; round < 5; round++) {
      const quiet = round === 4;
      for (;;) {
        const page = await client
          .api(link)
          .headers(minimal ? { Prefer: "return=minimal" } : {})
          .get();
        for (const record of page.value) apply(replica, record, minimal);
        if (!quiet && r.chance(0.5)) mutate(server, r, softDeleted, counter);
        if (page["@odata.nextLink"] === undefined) {
          link = page["@odata.deltaLink"];
          break;
        }
        link = page["@odata.nextLink"];
      }
      for (let i = 0; !quiet && i < 4; i++) mutate(server, r, softDeleted, counter);
    }
    const expected = new Map(server.directory.list().map((u) => [u.id, projectDeltaUser(u, SELECT)]));
    expect(expected.size).toBeGreaterThan(5);
    expect(counter.next).toBeGreaterThan(5);
    expect(replica).toEqual(expected);
  });
});
