import { Writable } from "node:stream";
import type { SyncProgress } from "../engine/runSync";
import { createProgressReporter } from "./progress";

/** A stream that says it is a terminal, as stderr does in an interactive shell, and keeps what it got. */
function fakeTerminal(): { stream: NodeJS.WritableStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  Object.assign(stream, { isTTY: true, columns: 200 });
  return { stream, text: () => chunks.join("") };
}

const page = (pages: number, records: number, created: number): SyncProgress => ({
  mode: "full",
  pages,
  records,
  created,
  updated: 0,
  unchanged: 0,
  escrowed: 1,
});

describe("createProgressReporter", () => {
  it("shows the round's progress on a terminal and restores the cursor when stopped", () => {
    const terminal = fakeTerminal();
    const progress = createProgressReporter(true, terminal.stream);
    progress.update(page(1, 100, 98));
    expect(terminal.text()).toContain("full round | 100 users read | page 1 | +98 ~0 =0 escrowed 1");
    progress.stop();
    expect(terminal.text()).toContain("\u001b[?25h");
  });

  it("writes nothing when disabled (not a terminal, or --json)", () => {
    const terminal = fakeTerminal();
    const progress = createProgressReporter(false, terminal.stream);
    progress.update(page(1, 100, 98));
    progress.stop();
    expect(terminal.text()).toBe("");
  });
});
