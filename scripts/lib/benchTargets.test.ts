import { evaluateTargets, renderTargets, type SizeMeasurement } from "./benchTargets";

function size(users: number, overrides: Partial<SizeMeasurement> = {}): SizeMeasurement {
  return {
    users,
    contacts: users * 0.9,
    pages: users / 100,
    fetchOnlyMs: 1000,
    fullMs: 1200,
    fetchOnlyCpuMs: 800,
    fullCpuMs: 1500,
    incrementalMs: 50,
    idleIncrementalMs: 30,
    changed: users / 100,
    fullMaxRssKb: 150 * 1024,
    incrementalMaxRssKb: 120 * 1024,
    ...overrides,
  };
}

describe("evaluateTargets", () => {
  it("passes measurements inside every target, with the numbers that decided it", () => {
    const results = evaluateTargets(
      [size(10_000, { fullMaxRssKb: 100 * 1024, incrementalMaxRssKb: 90 * 1024 }), size(100_000)],
      45_000,
    );
    expect(results).toEqual([
      { target: "10k users: full sync ≤ 1.3× fetch-only", measured: "1.20× (1.20 s / 1.00 s)", pass: true },
      { target: "100k users: full sync ≤ 1.3× fetch-only", measured: "1.20× (1.20 s / 1.00 s)", pass: true },
      {
        target: "10k users: incremental (1% changed) ≤ 5% of full",
        measured: "4.2% (0.05 s / 1.20 s)",
        pass: true,
      },
      {
        target: "100k users: incremental (1% changed) ≤ 5% of full",
        measured: "4.2% (0.05 s / 1.20 s)",
        pass: true,
      },
      { target: "100k users: peak RSS of the sync ≤ 200 MB", measured: "150 MB", pass: true },
      { target: "peak RSS 100k users / 10k users < 2", measured: "1.50 (150 MB / 100 MB)", pass: true },
      { target: "normalisation ≥ 30k numbers/s on one core", measured: "45,000 /s", pass: true },
    ]);
  });

  it("fails each target just past its limit", () => {
    const results = evaluateTargets(
      [
        size(10_000, {
          fullMs: 1301,
          incrementalMs: 60,
          fullMaxRssKb: 100 * 1024,
          incrementalMaxRssKb: 90 * 1024,
        }),
        size(100_000, { fullMaxRssKb: 201 * 1024, incrementalMaxRssKb: 202 * 1024 }),
      ],
      29_999,
    );
    expect(results.map((result) => [result.target, result.pass])).toEqual([
      ["10k users: full sync ≤ 1.3× fetch-only", false],
      ["100k users: full sync ≤ 1.3× fetch-only", true],
      ["10k users: incremental (1% changed) ≤ 5% of full", true],
      ["100k users: incremental (1% changed) ≤ 5% of full", true],
      ["100k users: peak RSS of the sync ≤ 200 MB", false],
      ["peak RSS 100k users / 10k users < 2", false],
      ["normalisation ≥ 30k numbers/s on one core", false],
    ]);
    // The peak is the larger of the full and the incremental run.
    expect(results[4]?.measured).toBe("202 MB");
  });

  it("gives no RSS verdict without a 100k measurement, rather than a pass", () => {
    const results = evaluateTargets([size(2_000), size(10_000)], 40_000);
    expect(results.some((result) => result.target.includes("RSS"))).toBe(false);
    expect(results).toHaveLength(5);
  });

  it("renders a table with PASS/FAIL per target", () => {
    const text = renderTargets([
      { target: "a", measured: "1", pass: true },
      { target: "longer", measured: "2", pass: false },
    ]);
    expect(text.split("\n")).toEqual([
      "| target | measured | verdict |",
      "| ------ | -------- | ------- |",
      "| a      | 1        | PASS    |",
      "| longer | 2        | FAIL    |",
    ]);
  });
});
