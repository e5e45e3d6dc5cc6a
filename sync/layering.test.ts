import fs from "node:fs";
import path from "node:path";

/**
 * The seams issue 10 made, kept: which folders of the sync may import which. A violation names the file
 * and the import, so the fix is obvious (move the code to the layer both may use, or invert the call).
 */

const SYNC = __dirname;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "dist" || entry.name === "node_modules" ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

/** Each relative import of a file, as a path relative to sync/ ("graph/graphErrors", "errors", …). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import\()\s*"(\.[^"]+)"/g)].map((match) =>
    path.relative(SYNC, path.resolve(path.dirname(file), match[1] as string)),
  );
}

const FILES = sourceFiles(SYNC).map((file) => ({
  file: path.relative(SYNC, file),
  imports: importsOf(file),
}));

function violations(from: (file: string) => boolean, forbidden: (target: string) => boolean): string[] {
  return FILES.filter(({ file }) => from(file)).flatMap(({ file, imports }) =>
    imports.filter(forbidden).map((target) => `${file} imports ${target}`),
  );
}

const inFolder = (folder: string) => (file: string) => file.startsWith(`${folder}/`);

describe("the sync's layers", () => {
  it("sees the sources (not vacuous)", () => {
    expect(FILES.length).toBeGreaterThan(60);
    expect(FILES.find(({ file }) => file === "cli/main.ts")?.imports).toContain("errors");
  });

  it("errors.ts imports nothing of ours but the import-free scrubber", () => {
    expect(FILES.find(({ file }) => file === "errors.ts")?.imports).toEqual(["scrubSecrets"]);
    expect(FILES.find(({ file }) => file === "scrubSecrets.ts")?.imports).toEqual([]);
  });

  it("transport/ is the bottom: it imports only the scrubber", () => {
    expect(
      violations(
        inFolder("transport"),
        (target) => !target.startsWith("transport/") && target !== "scrubSecrets",
      ),
    ).toEqual([]);
  });

  it("identity/ never imports graph/ (the Graph client uses identity's credential, not the other way)", () => {
    expect(violations(inFolder("identity"), inFolder("graph"))).toEqual([]);
  });

  it("the store depends on neither Graph nor identity, and config on no engine, CLI or adapter", () => {
    expect(
      violations(inFolder("store"), (target) => /^(graph|identity|engine|cli|api)\//.test(target)),
    ).toEqual([]);
    expect(
      violations(inFolder("config"), (target) => /^(graph|identity|engine|cli|api|store)\//.test(target)),
    ).toEqual([]);
  });

  it("only the CLI imports the CLI, and the CLI reaches the engine through api/ ", () => {
    expect(
      violations(
        (file) => !file.startsWith("cli/") && !file.startsWith("testing/") && file !== "errorCatalogue.ts",
        inFolder("cli"),
      ),
    ).toEqual([]);
    expect(violations(inFolder("cli"), (target) => /^(engine|graph|identity)\//.test(target))).toEqual([]);
  });
});

describe("imports of the sync from the rest of the repository", () => {
  it("name sync/index, never the bare folder: its package.json would resolve it to the built sync/dist", () => {
    const root = path.resolve(SYNC, "..");
    const offenders = ["infra", "scripts", "standin", "test"].flatMap((top) =>
      walk(path.join(root, top)).flatMap((file) =>
        /(?:from|import\()\s*"(?:\.\.\/)+sync"/.test(fs.readFileSync(file, "utf8"))
          ? [path.relative(root, file)]
          : [],
      ),
    );
    expect(offenders).toEqual([]);
  });
});

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "dist" ? [] : walk(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("file size (issue 10)", () => {
  it("no source file under sync/, infra/, scripts/ is over 300 lines (test files excluded; test support counts)", () => {
    const root = path.resolve(SYNC, "..");
    const long = ["sync", "infra", "scripts"].flatMap((top) =>
      walk(path.join(root, top))
        .filter((file) => !file.endsWith(".test.ts"))
        .map((file) => ({
          file: path.relative(root, file),
          lines: fs.readFileSync(file, "utf8").split("\n").length - 1,
        }))
        .filter(({ lines }) => lines > 300),
    );
    expect(long).toEqual([]);
  });
});
