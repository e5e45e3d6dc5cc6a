import { poolSizeFor } from "./runFleet";

describe("poolSizeFor", () => {
  it.each([
    [1, 4],
    [4, 13],
    [16, 49],
    [20, 50],
    [64, 65],
  ])("gives %d tenants at once %d connections", (concurrency, size) => {
    expect(poolSizeFor(concurrency)).toBe(size);
  });
});
