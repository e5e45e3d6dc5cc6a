import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";

/**
 * The sync is installed from its own package (sync/package.json) on servers without the repository's root
 * dependencies: every package a shipped source file imports must be one of its own dependencies. The
 * workspace hoists the root's packages, so in the repository a missing one still resolves; only a packed
 * install (.ci/packed-install) or this test shows it. `yaml` (the fleet file) was missing once.
 */

const SYNC = __dirname;
const SHIPPED_EXCLUDED = new Set(["dist", "node_modules", "testing"]);

function shippedSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SHIPPED_EXCLUDED.has(entry.name) ? [] : shippedSources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

const manifest = JSON.parse(fs.readFileSync(path.join(SYNC, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};

it("every package a shipped sync file imports is a dependency of sync/package.json", () => {
  const missing = new Set<string>();
  const files = shippedSources(SYNC);
  expect(files.length).toBeGreaterThan(60);
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:from|import\()\s*"([^".][^"]*)"/g)) {
      const name = packageOf(match[1] as string);
      if (name.startsWith("node:") || builtinModules.includes(name)) continue;
      if (!(name in manifest.dependencies)) missing.add(`${name} (${path.relative(SYNC, file)})`);
    }
  }
  expect([...missing]).toEqual([]);
});
