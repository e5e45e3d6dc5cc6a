import { execFileSync } from "child_process";
import * as path from "path";
import { STACK_OUTPUT_NAMES } from "./testing/stackOutputNames";

const projectRoot = path.join(__dirname, "..");

/**
 * What `pulumi up` does with Pulumi.yaml's `main`, step by step:
 * - the engine (pkg/engine getPwdMain): a directory runs with pwd = that directory and entry point ".";
 *   a file runs with pwd = its directory and entry point = its base name;
 * - the Node.js host (@pulumi/pulumi cmd/run/run.js): chdir to pwd; use ./tsconfig.json if it exists there,
 *   overlaying ts-node with that file's own compilerOptions; for entry point "." run package.json's "main"
 *   if that file exists; register the project's ts-node, then `require` the program.
 * Type checking is left to `tsc --noEmit` to keep this fast.
 */
const harness = `
const fs = require("fs");
const path = require("path");
const yaml = require("yaml");
const root = process.cwd();
const runDir = path.dirname(require.resolve("@pulumi/pulumi/cmd/run/run.js"));
const tsutils = require(path.join(runDir, "..", "..", "tsutils"));
const pulumi = require("@pulumi/pulumi");

const main = yaml.parse(fs.readFileSync("Pulumi.yaml", "utf8")).main;
const mainPath = path.join(root, main);
const isDirectory = fs.statSync(mainPath).isDirectory();
const pwd = isDirectory ? mainPath : path.dirname(mainPath);
const entryPoint = isDirectory ? "." : path.basename(mainPath);

process.chdir(pwd);
const skipProject = !fs.existsSync("tsconfig.json");
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
let program = path.join(process.cwd(), entryPoint);
if (entryPoint === ".") {
  const packageMain = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).main;
  if (packageMain && fs.existsSync(path.join(root, packageMain))) program = path.join(root, packageMain);
}
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(require.resolve(tsnodeRequire, { paths: [runDir] })).register({
  compiler: typescriptRequire,
  transpileOnly: true,
  project: "tsconfig.json",
  skipProject,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
});

(async () => {
  const { recordingMocks, pulumiConfigStrings } = require(path.join(root, "infra/testing/recordingMocks"));
  const stack = yaml.parse(fs.readFileSync(path.join(root, "Pulumi.dev.yaml"), "utf8"));
  const { mocks, resources } = recordingMocks();
  await pulumi.runtime.setMocks(mocks, "entra-replicator", "dev", false, "organization");
  pulumi.runtime.setAllConfig(pulumiConfigStrings(stack.config));
  const exported = require(program);
  await pulumi.runtime.disconnect();
  console.log(JSON.stringify({
    program: path.relative(root, program),
    skipProject,
    compilerOptions,
    exports: Object.keys(exported),
    resources: resources.map((r) => r.name),
  }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

describe("loading the program like the Pulumi CLI", () => {
  it("runs infra/index.ts (never package.json's main) with the project's compiler settings", () => {
    const stdout = execFileSync(process.execPath, ["-e", harness], {
      cwd: projectRoot,
      encoding: "utf8",
      env: { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true" },
    });
    const result = JSON.parse(stdout.trim().split("\n").pop()!);
    expect(result.program).toBe(path.join("infra", "index.ts"));
    expect(result.skipProject).toBe(false);
    // Pulumi overlays only this file's own compilerOptions (it does not follow "extends") over its nodenext defaults.
    expect(result.compilerOptions).toEqual({
      module: "commonjs",
      moduleResolution: "node",
      target: "ES2022",
      sourceMap: true,
    });
    expect(result.exports).toEqual(STACK_OUTPUT_NAMES);
    expect([...result.resources].sort()).toEqual([
      "entra-replicator",
      "entra-replicator-admin-consent",
      "entra-replicator-app",
      "entra-replicator-secret-a",
      "entra-replicator-secret-b",
      "entra-replicator-sp",
      "organization/entra-replicator/dev",
    ]);
  });
});
