import fs from "node:fs";
import path from "node:path";

/** Issue 10: a README a newcomer reads to the end, and docs whose links lead somewhere. */
const ROOT = path.resolve(__dirname, "..");

function markdownFiles(): string[] {
  const docs = fs.readdirSync(path.join(ROOT, "docs")).filter((file) => file.endsWith(".md"));
  return ["README.md", ...docs.map((file) => path.join("docs", file)), "standin/README.md", "sync/README.md"];
}

describe("README and docs", () => {
  it("the README stays at most 200 lines", () => {
    const lines = fs.readFileSync(path.join(ROOT, "README.md"), "utf8").split("\n").length;
    expect(lines).toBeLessThanOrEqual(200);
  });

  it("every relative link in the README and docs/ names a file that exists", () => {
    const broken = markdownFiles().flatMap((file) => {
      const text = fs.readFileSync(path.join(ROOT, file), "utf8");
      return [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((match) => match[1] as string)
        .filter((target) => !/^[a-z]+:/i.test(target))
        .filter((target) => !fs.existsSync(path.resolve(ROOT, path.dirname(file), target)))
        .map((target) => `${file} → ${target}`);
    });
    expect(broken).toEqual([]);
  });
});
