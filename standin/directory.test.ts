import { Directory } from "./directory";

const SELECT = ["displayName", "mobilePhone"];

function render(directory: Directory, since: number | null, minimal = true) {
  return directory.deltaCandidates(since).map((id) => directory.renderDelta(id, since, SELECT, minimal));
}

describe("Directory change tracking", () => {
  let directory: Directory;
  beforeEach(() => {
    directory = new Directory([
      { id: "a", displayName: "A", mobilePhone: "+31600000001", jobTitle: "x" },
      { id: "b", displayName: "B" },
    ]);
  });

  it("reports a full round as every active user; a property never set is left out", () => {
    expect(render(directory, null)).toEqual([
      { id: "a", displayName: "A", mobilePhone: "+31600000001" },
      { id: "b", displayName: "B" },
    ]);
    directory.softDelete("b");
    expect(render(directory, null)).toEqual([{ id: "a", displayName: "A", mobilePhone: "+31600000001" }]);
  });

  it("stores a property added as null as never set; clearing a never-set property changes nothing", () => {
    directory.add({ id: "c", displayName: "C", mobilePhone: null });
    expect(directory.get("c")).toEqual({ id: "c", displayName: "C" });
    const since = directory.sequence;
    directory.update("c", { mobilePhone: null });
    expect(directory.sequence).toBe(since);
  });

  it("reports nothing when nothing selected changed, including an update to the same value", () => {
    const since = directory.sequence;
    directory.update("a", { jobTitle: "y", displayName: "A" });
    expect(render(directory, since).filter(Boolean)).toEqual([]);
  });

  it("nets several changes into one record per user", () => {
    const since = directory.sequence;
    directory.update("a", { displayName: "A1" });
    directory.update("a", { mobilePhone: null });
    directory.add({ id: "c", displayName: "C" });
    directory.hardDelete("c");
    directory.softDelete("b");
    directory.restore("b");
    expect(render(directory, since)).toEqual([
      { id: "a", displayName: "A1", mobilePhone: null },
      { id: "b", displayName: "B" },
    ]);
    // Default mode: the same round rendered complete, the cleared property as null, the never-set one absent.
    expect(render(directory, since, false)).toEqual([
      { id: "a", displayName: "A1", mobilePhone: null },
      { id: "b", displayName: "B" },
    ]);
  });

  it("in default mode an update reports every selected property; minimal only the changed ones", () => {
    const since = directory.sequence;
    directory.update("a", { displayName: "A2" });
    expect(render(directory, since, false)).toEqual([
      { id: "a", displayName: "A2", mobilePhone: "+31600000001" },
    ]);
    expect(render(directory, since, true)).toEqual([{ id: "a", displayName: "A2" }]);
  });

  it("lists an incremental round's users in creation order, then the hard-deleted ones in deletion order", () => {
    directory.add({ id: "c", displayName: "C" });
    directory.add({ id: "d", displayName: "D" });
    const since = directory.sequence;
    directory.update("d", { displayName: "D1" });
    directory.hardDelete("c");
    directory.update("a", { displayName: "A1" });
    directory.hardDelete("b");
    directory.add({ id: "e", displayName: "E" });
    expect(directory.deltaCandidates(since)).toEqual(["a", "d", "e", "c", "b"]);
    expect(directory.deltaCandidates(directory.sequence)).toEqual([]);
  });

  it("distinguishes soft and hard deletes", () => {
    const since = directory.sequence;
    directory.softDelete("a");
    directory.hardDelete("b");
    expect(render(directory, since)).toEqual([
      { id: "a", "@removed": { reason: "changed" } },
      { id: "b", "@removed": { reason: "deleted" } },
    ]);
    expect(directory.list()).toEqual([]);
  });

  it("hands out copies, never its own objects", () => {
    const user = directory.get("a")!;
    (user.mobilePhone as unknown) = "changed outside";
    expect(directory.get("a")?.mobilePhone).toBe("+31600000001");
  });

  it("names the problem on bad mutations", () => {
    expect(() => directory.add({ id: "a" })).toThrow(
      "a user with id a already exists; use update() to change it",
    );
    expect(() => directory.update("zz", {})).toThrow("directory.update: no user with id zz");
    expect(() => directory.restore("a")).toThrow("directory.restore: user a is not deleted");
    expect(() => directory.update("a", { id: "other" })).toThrow("the id of a user cannot change");
  });
});
