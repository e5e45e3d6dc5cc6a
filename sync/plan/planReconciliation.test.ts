import { planReconciliation } from "./planReconciliation";

describe("planReconciliation", () => {
  it.each([
    [["a", "b", "c"], ["a", "c", "new"], ["b"]],
    [["a", "b"], [], ["a", "b"]],
    [[], ["a"], []],
    [["a", "b"], ["b", "a"], []],
  ])("stored %j, seen %j → delete %j", (existing, seen, expected) => {
    expect(planReconciliation(new Set(existing), new Set(seen))).toEqual(expected);
  });
});
