import { execFileSync } from "child_process";
import * as path from "path";

const projectRoot = path.join(__dirname, "..");

/**
 * What `pulumi up` does with Pulumi.yaml's `main: infra/` (see @pulumi/pulumi cmd/run/run.js): register
 * the project's ts-node with the CLI's defaults overlaid by tsconfig.json's compilerOptions, then
 * `require` the directory. Type checking is left to `tsc --noEmit` to keep this fast.
 */
const harness = `
const path = require("path");
const runDir = path.dirname(require.resolve("@pulumi/pulumi/cmd/run/run.js"));
const tsutils = require(path.join(runDir, "..", "..", "tsutils"));
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(require.resolve(tsnodeRequire, { paths: [runDir] })).register({
  compiler: typescriptRequire,
  transpileOnly: true,
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
});
const pulumi = require("@pulumi/pulumi");
const { recordingMocks, pulumiConfigStrings } = require("./infra/testing/recordingMocks");
const stack = require("yaml").parse(require("fs").readFileSync("Pulumi.dev.yaml", "utf8"));
const main = require("yaml").parse(require("fs").readFileSync("Pulumi.yaml", "utf8")).main;
(async () => {
  const { mocks, resources } = recordingMocks();
  await pulumi.runtime.setMocks(mocks, "entra-replicator", "dev", false);
  pulumi.runtime.setAllConfig(pulumiConfigStrings(stack.config));
  const program = require(path.join(process.cwd(), main));
  await pulumi.runtime.disconnect();
  console.log(JSON.stringify({ main, exports: Object.keys(program), resources: resources.map((r) => r.name) }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

describe("loading the program like the Pulumi CLI", () => {
  it("resolves Pulumi.yaml's main directory to infra/index.ts under ts-node and runs it", () => {
    const stdout = execFileSync(process.execPath, ["-e", harness], {
      cwd: projectRoot,
      encoding: "utf8",
      env: { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true" },
    });
    const result = JSON.parse(stdout.trim().split("\n").pop()!);
    expect(result.main).toBe("infra/");
    expect(result.exports).toEqual([
      "tenantId",
      "clientId",
      "applicationObjectId",
      "servicePrincipalObjectId",
      "clientSecret",
      "clientSecretExpiresAt",
      "clientSecretKeyId",
      "nextRotationAt",
      "secretSlotAKeyId",
      "secretSlotAExpiresAt",
      "secretSlotBKeyId",
      "secretSlotBExpiresAt",
      "adminConsentUrl",
      "countryCode",
      "keyVault",
      "roger365",
    ]);
    expect([...result.resources].sort()).toEqual([
      "entra-replicator",
      "entra-replicator-admin-consent",
      "entra-replicator-app",
      "entra-replicator-secret-a",
      "entra-replicator-secret-b",
      "entra-replicator-sp",
    ]);
  });
});
