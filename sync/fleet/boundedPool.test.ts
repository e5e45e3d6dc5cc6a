import { forEachBounded } from "./boundedPool";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("forEachBounded", () => {
  it("never runs more than `limit` at once, and runs every item exactly once", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachBounded([...Array(20).keys()], 4, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(5 + (item % 3) * 5);
      seen.push(item);
      inFlight--;
    });
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });

  it("lets the other slots run through the queue while one item is slow", async () => {
    const finished: string[] = [];
    await forEachBounded(["slow", "a", "b", "c", "d"], 2, async (item) => {
      await sleep(item === "slow" ? 200 : 10);
      finished.push(item);
    });
    expect(finished).toEqual(["a", "b", "c", "d", "slow"]);
  });

  it("runs every item even when some throw, then reports the failures together", async () => {
    const ran: number[] = [];
    await expect(
      forEachBounded([1, 2, 3, 4], 2, async (item) => {
        ran.push(item);
        if (item % 2 === 0) throw new Error(`item ${item}`);
      }),
    ).rejects.toThrow("2 of 4 items failed");
    expect(ran.sort()).toEqual([1, 2, 3, 4]);
  });

  it("refuses a limit below one", async () => {
    await expect(forEachBounded([1], 0, async () => undefined)).rejects.toThrow(RangeError);
  });
});
