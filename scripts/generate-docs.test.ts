import fs from "node:fs";
import path from "node:path";
import { catalogueEntries } from "../sync/errorCatalogue";
import { ExitCode } from "../sync/errors";
import { generatedDocs } from "./generate-docs";

const ROOT = path.resolve(__dirname, "..");

/** Every non-test source file under these folders (the ones that construct ReplicatorErrors). */
function sources(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "testing") walk(full);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) found.push(full);
    }
  };
  for (const top of ["sync", "scripts", "infra"]) walk(path.join(ROOT, top));
  return found;
}

interface Thrown {
  file: string;
  code: string;
  exitCode: string | null;
}

/**
 * Each object literal given to `new ReplicatorError({…})` or to `super({…})` (a ReplicatorError subclass):
 * the string literals of its `code:` (a ternary gives two) and its `exitCode: ExitCode.X`.
 */
function thrownCodes(): Thrown[] {
  const thrown: Thrown[] = [];
  for (const file of sources()) {
    const text = fs.readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:new ReplicatorError|super)\(\{/g)) {
      let depth = 1;
      let end = (match.index ?? 0) + match[0].length;
      while (depth > 0 && end < text.length) {
        if (text[end] === "{") depth++;
        else if (text[end] === "}") depth--;
        end++;
      }
      const body = text.slice((match.index ?? 0) + match[0].length, end);
      const codeExpression = /\bcode:\s*([^,\n]+)/.exec(body)?.[1] ?? "";
      const exitCode = /exitCode:\s*ExitCode\.(\w+)/.exec(body)?.[1] ?? null;
      for (const literal of codeExpression.matchAll(/"([a-z0-9-]+)"/g)) {
        thrown.push({ file: path.relative(ROOT, file), code: literal[1] as string, exitCode });
      }
    }
  }
  return thrown;
}

describe("the error catalogue (docs/ERRORS.md)", () => {
  const catalogue = new Map(catalogueEntries().map((entry) => [entry.code, entry]));
  const thrown = thrownCodes();

  it("finds the codes the sources throw (the scan is not vacuous)", () => {
    expect(thrown.length).toBeGreaterThan(50);
    expect(thrown.map((entry) => entry.code)).toEqual(
      expect.arrayContaining(["setting-missing", "graph-throttled", "graph-unavailable", "store-corrupt"]),
    );
  });

  it("lists every code a ReplicatorError is constructed with, under the exit code it is thrown with", () => {
    const missing = thrown.filter((entry) => !catalogue.has(entry.code));
    expect(missing).toEqual([]);
    const wrongExit = thrown.filter(
      (entry) =>
        entry.exitCode !== null &&
        catalogue.get(entry.code)?.exitCode !== ExitCode[entry.exitCode as keyof typeof ExitCode],
    );
    expect(wrongExit).toEqual([]);
  });

  it("lists no code that nothing throws, and each code once", () => {
    const thrownCodesSet = new Set(thrown.map((entry) => entry.code));
    expect([...catalogue.keys()].filter((code) => !thrownCodesSet.has(code))).toEqual([]);
    expect(catalogueEntries()).toHaveLength(catalogue.size);
  });

  it("docs/ERRORS.md and the settings table of docs/CLI.md are current (npm run docs)", () => {
    for (const doc of generatedDocs()) {
      expect({ file: path.relative(ROOT, doc.file), text: doc.current }).toEqual({
        file: path.relative(ROOT, doc.file),
        text: doc.wanted,
      });
    }
  });
});
