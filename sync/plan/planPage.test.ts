import type { Contact, Plan } from "../model";
import { pageIds, planPage, type PlanOptions } from "./planPage";
import { DEFAULT_SCOPE } from "./scope";
import { ALICE_ID, BOB_ID, blankUser, CAROL_ID, entraUser, storedContact } from "./testUsers";
import { toContact } from "./toContact";

const options: PlanOptions = { scope: DEFAULT_SCOPE, defaultCountry: "NL" };
const alice = entraUser({ id: ALICE_ID });
const bob = entraUser({ id: BOB_ID, displayName: "Bob de Vries", givenName: "Bob", surname: "de Vries" });
const stored = (...contacts: Contact[]) => new Map(contacts.map((contact) => [contact.id, contact]));
const emptyPlan = (): Plan => ({ create: [], update: [], delete: [], unchanged: 0, escrow: [] });

describe("planPage", () => {
  it("creates contacts for new in-scope users", () => {
    expect(planPage([alice, bob], stored(), options)).toEqual<Plan>({
      ...emptyPlan(),
      create: [toContact(alice, "NL"), toContact(bob, "NL")],
    });
  });

  it("counts a user whose contact would not change as unchanged, even after a store round trip", () => {
    const roundTripped = JSON.parse(JSON.stringify(storedContact(alice))) as Contact;
    expect(planPage([{ ...alice }], stored(roundTripped), options)).toEqual<Plan>({
      ...emptyPlan(),
      unchanged: 1,
    });
  });

  // GRAPH-CONTRACT.md (learn.microsoft.com/graph/api/user-delta, default mode; microsoft-graph-docs#4946):
  // a record is the whole user; an absent property was never set, so the stored value is not kept.
  it("reads a record as the whole user: what it lacks is empty, whatever the store held", () => {
    const { jobTitle: _jobTitle, department: _department, ...withoutTwo } = alice;
    const plan = planPage([withoutTwo], stored(storedContact(alice)), options);
    expect(plan).toEqual<Plan>({
      ...emptyPlan(),
      update: [toContact({ ...alice, jobTitle: null, department: null }, "NL")],
    });
  });

  it("creates a user that lacks most properties without asking for more", () => {
    const sparse = { id: ALICE_ID, displayName: "Alice", mobilePhone: "06 87654321" };
    const plan = planPage([sparse], stored(), options);
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]?.user).toMatchObject({ jobTitle: null, accountEnabled: null, businessPhones: [] });
    expect(plan.create[0]?.phones.map((phone) => phone.e164)).toEqual(["+31687654321"]);
  });

  it.each(["deleted", "changed", "something-new"])(
    "deletes a stored contact @removed with reason %s",
    (reason) => {
      expect(
        planPage([{ id: ALICE_ID, "@removed": { reason } }], stored(storedContact(alice)), options),
      ).toEqual<Plan>({
        ...emptyPlan(),
        delete: [ALICE_ID],
      });
    },
  );

  it("ignores the removal of a user that was never stored", () => {
    expect(planPage([{ id: ALICE_ID, "@removed": { reason: "deleted" } }], stored(), options)).toEqual<Plan>(
      emptyPlan(),
    );
  });

  it("deletes a stored contact whose user was disabled or became a guest, and skips new out-of-scope users", () => {
    const plan = planPage(
      [
        { id: ALICE_ID, accountEnabled: false },
        { id: BOB_ID, userType: "Guest" },
        { ...entraUser({ id: CAROL_ID }), userType: "Guest" },
      ],
      stored(storedContact(alice), storedContact(bob)),
      options,
    );
    expect(plan).toEqual<Plan>({ ...emptyPlan(), delete: [ALICE_ID, BOB_ID] });
  });

  it("keeps guests and disabled users when the scope includes them", () => {
    const guest = entraUser({ id: CAROL_ID, userType: "Guest", accountEnabled: false });
    expect(
      planPage([guest], stored(), {
        scope: { includeGuests: true, includeDisabled: true },
        defaultCountry: "NL",
      }),
    ).toEqual<Plan>({ ...emptyPlan(), create: [toContact(guest, "NL")] });
  });

  it("escrows a malformed record and leaves the rest of the page and its stored contact alone", () => {
    const plan = planPage(
      [{ id: ALICE_ID, businessPhones: "+31 20 123 4567" }, bob, 42],
      stored(storedContact(alice)),
      options,
    );
    expect(plan).toEqual<Plan>({
      ...emptyPlan(),
      create: [toContact(bob, "NL")],
      escrow: [
        {
          id: ALICE_ID,
          reason: "businessPhones must be an array of strings, got a string",
          excerpt: `{"id":"${ALICE_ID}","businessPhones":"+31 20 123 4567"}`,
        },
        { id: "(unknown)", reason: "record is not a JSON object", excerpt: "42" },
      ],
    });
  });

  it("a user that appears more than once in a page: the last record, the whole user, wins", () => {
    const plan = planPage(
      [
        { ...alice, jobTitle: "First" },
        { ...alice, jobTitle: "Second", department: "Sales" },
        { ...alice, department: "Support" },
      ],
      stored(),
      options,
    );
    expect(plan).toEqual<Plan>({
      ...emptyPlan(),
      create: [toContact({ ...alice, department: "Support" }, "NL")],
    });
  });

  it("a removal followed by a re-add in the same page starts the user afresh", () => {
    const plan = planPage(
      [
        { id: ALICE_ID, "@removed": { reason: "deleted" } },
        { id: ALICE_ID, displayName: "Alice Again" },
      ],
      stored(storedContact(alice)),
      options,
    );
    const fresh = toContact(blankUser({ id: ALICE_ID, displayName: "Alice Again" }), "NL");
    expect(plan).toEqual<Plan>({ ...emptyPlan(), update: [fresh] });
  });

  it("a removal as the last record wins over an earlier update", () => {
    const plan = planPage(
      [
        { id: ALICE_ID, jobTitle: "CTO" },
        { id: ALICE_ID, "@removed": { reason: "changed" } },
      ],
      stored(storedContact(alice)),
      options,
    );
    expect(plan).toEqual<Plan>({ ...emptyPlan(), delete: [ALICE_ID] });
  });

  it("an empty page plans nothing", () => {
    expect(planPage([], stored(storedContact(alice)), options)).toEqual<Plan>(emptyPlan());
  });
});

describe("pageIds", () => {
  it("lists each string id once, skipping records without one", () => {
    expect(pageIds([{ id: ALICE_ID }, { id: BOB_ID }, { id: ALICE_ID }, null, "x", { id: 3 }, {}])).toEqual([
      ALICE_ID,
      BOB_ID,
    ]);
  });
});
