import os from "node:os";
import { runProcess } from "./runProcess";

const node = (script: string, stdin?: string) =>
  runProcess(process.execPath, ["-e", script], { env: { PATH: process.env.PATH }, stdin });

describe("runProcess", () => {
  it("collects stdout, stderr and a non-zero exit code without rejecting", async () => {
    const outcome = await node('process.stdout.write("out"); process.stderr.write("err"); process.exit(3)');
    expect(outcome).toEqual({ code: 3, stdout: "out", stderr: "err" });
  });

  it("writes the given stdin to the child through a pipe, then closes it", async () => {
    const script =
      'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(s, require("fs").fstatSync(0).isCharacterDevice()))';
    expect(await node(script, "piped")).toEqual({ code: 0, stdout: "piped false\n", stderr: "" });
  });

  it("gives the child /dev/null as stdin when none is given", async () => {
    const outcome = await node('console.log(require("fs").fstatSync(0).isCharacterDevice())');
    expect(outcome).toEqual({ code: 0, stdout: "true\n", stderr: "" });
  });

  it("runs in the given working directory with exactly the given environment", async () => {
    const outcome = await runProcess(
      process.execPath,
      ["-e", "console.log(process.cwd(), process.env.ONLY)"],
      {
        cwd: os.tmpdir(),
        env: { ONLY: "this" },
      },
    );
    expect(outcome).toEqual({ code: 0, stdout: `${os.tmpdir()} this\n`, stderr: "" });
  });

  it("rejects when the command cannot be started", async () => {
    await expect(runProcess("/nonexistent/command", [], { env: {} })).rejects.toThrow(/ENOENT/);
  });
});
