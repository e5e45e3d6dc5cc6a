import { Command } from "commander";
import { parseArguments } from "./parseArguments";

function program(): Command {
  return new Command("tool")
    .option("--name <name>", "a name")
    .version("1.2.3")
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
}

describe("parseArguments", () => {
  it("returns null and leaves the options on the program when the arguments parse", () => {
    const parsed = program();
    expect(parseArguments(parsed, ["--name", "contoso"], 2)).toBeNull();
    expect(parsed.opts()).toEqual({ name: "contoso" });
  });

  it.each([["--help"], ["--version"]])("returns 0 after %s", (flag) => {
    expect(parseArguments(program(), [flag], 2)).toBe(0);
  });

  it("returns the usage exit code for arguments commander refuses", () => {
    expect(parseArguments(program(), ["--colour", "blue"], 64)).toBe(64);
  });

  it("rethrows anything that is not commander's", () => {
    const failing = program().action(() => {
      throw new Error("boom");
    });
    expect(() => parseArguments(failing, [], 2)).toThrow("boom");
  });
});
