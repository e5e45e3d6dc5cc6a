import type { RequestCounts } from "../../standin";
import { evaluateRequestBudgets, REQUEST_ALLOWANCE } from "./benchBudget";

function counts(overrides: Partial<RequestCounts>): RequestCounts {
  return { metadata: 0, token: 0, delta: 0, user: 0, users: 0, keyvault: 0, other: 0, ...overrides };
}

describe("evaluateRequestBudgets", () => {
  it("passes a round of pages plus token traffic, naming the counts", () => {
    expect(
      evaluateRequestBudgets([
        { users: 10_000, round: "full", pages: 100, counts: counts({ metadata: 1, token: 1, delta: 100 }) },
      ]),
    ).toEqual([
      {
        target: `10k users, full round: requests ≤ pages + ${REQUEST_ALLOWANCE}`,
        measured: "102 (100 pages; metadata 1, token 1, delta 100)",
        pass: true,
      },
    ]);
  });

  it("fails a round that reads users one by one, or more requests than the allowance", () => {
    const results = evaluateRequestBudgets([
      { users: 10_000, round: "full", pages: 100, counts: counts({ token: 1, delta: 100, user: 3 }) },
      { users: 10_000, round: "incremental", pages: 1, counts: counts({ token: 4, delta: 1 }) },
      { users: 10_000, round: "incremental", pages: 1, counts: counts({ token: 1, delta: 1 }) },
    ]);
    expect(results.map((result) => result.pass)).toEqual([false, false, true]);
  });

  it("fails a round whose delta requests are not its pages (a retried page costs budget too)", () => {
    const [result] = evaluateRequestBudgets([
      { users: 100, round: "full", pages: 1, counts: counts({ token: 1, delta: 2 }) },
    ]);
    expect(result?.pass).toBe(false);
  });
});
