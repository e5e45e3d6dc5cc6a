import type { GraphUser } from "../../../standin";
import { member, userId } from "../harness";

/**
 * Users a directory can hand the sync that no contact can be built from — wrong types, absurd lengths,
 * broken unicode — each with the reason the sync must give; and one with phones no parser understands,
 * which is kept as a contact with its numbers reported invalid.
 */
export const MALFORMED_USERS: { user: GraphUser; reason: string }[] = [
  {
    user: member(11, { displayName: 12345 as unknown as string }),
    reason: "displayName must be a string or null, got a number",
  },
  {
    user: member(12, { jobTitle: "x".repeat(100_000) }),
    reason: "jobTitle is 100000 characters long (at most 1024)",
  },
  {
    user: member(13, { surname: "Broken \ud800 name" }),
    reason: "surname contains broken unicode (a lone surrogate)",
  },
  {
    user: member(14, { businessPhones: "020 123 4567" as unknown as string[] }),
    reason: "businessPhones must be an array of strings, got a string",
  },
  {
    user: member(15, { accountEnabled: "yes" as unknown as boolean }),
    reason: "accountEnabled must be true, false or null, got a string",
  },
];

export const UNPARSEABLE_PHONES_USER = member(16, {
  displayName: "Unparseable Phones",
  businessPhones: ["call the front desk"],
  mobilePhone: "n/a",
});

export const MALFORMED_USER_IDS = MALFORMED_USERS.map(({ user }) => user.id);
export const UNPARSEABLE_PHONES_ID = userId(16);
