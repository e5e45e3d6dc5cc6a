import { isInScope } from "./scope";

describe("isInScope", () => {
  const none = { includeGuests: false, includeDisabled: false };
  const guests = { includeGuests: true, includeDisabled: false };
  const disabled = { includeGuests: false, includeDisabled: true };
  const all = { includeGuests: true, includeDisabled: true };

  it.each([
    [true, "Member", none, true],
    [false, "Member", none, false],
    [true, "Guest", none, false],
    [true, "guest", none, false],
    [true, "Guest", guests, true],
    [false, "Guest", guests, false],
    [false, "Member", disabled, true],
    [true, "Guest", disabled, false],
    [false, "Guest", all, true],
    [null, "Member", none, true],
    [true, null, none, true],
    [null, null, none, true],
  ] as const)("accountEnabled %s, userType %s, %j → %s", (accountEnabled, userType, scope, expected) => {
    expect(isInScope({ accountEnabled, userType }, scope)).toBe(expected);
  });
});
