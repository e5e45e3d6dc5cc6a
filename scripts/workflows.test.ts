import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parse } from "yaml";

import { FIXTURE_SECRET, stackOutputsFixture } from "./lib/expiryFixtures";

/** The GitOps workflows, parsed: structure, security settings, and that every command they run exists. */

const ROOT = join(__dirname, "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  env?: Record<string, string>;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: Record<string, unknown> };
  concurrency?: { group: string; "cancel-in-progress": boolean };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const texts = Object.fromEntries(files.map((f) => [f, readFileSync(join(WORKFLOWS, f), "utf8")]));
const workflows = Object.fromEntries(files.map((f) => [f, parse(texts[f] ?? "") as Workflow]));
const pulumi = workflows["pulumi.yml"] as Workflow;
const job = (name: string): Job => pulumi.jobs[name] as Job;
const stepUsing = (j: Job, action: string): Step => {
  const step = j.steps.find((s) => s.uses?.startsWith(`${action}@`));
  if (step === undefined) throw new Error(`no step uses ${action}`);
  return step;
};

describe("workflows", () => {
  it("are the CI and the Pulumi tenant pipelines", () => {
    expect(files.sort()).toEqual(["ci.yml", "pulumi.yml"]);
  });

  it("trigger on pull requests, pushes to main, a daily schedule and by hand", () => {
    expect(Object.keys(pulumi.on).sort()).toEqual(["pull_request", "push", "schedule", "workflow_dispatch"]);
    expect(pulumi.on.push).toEqual({ branches: ["main"] });
    expect(pulumi.on.schedule).toEqual([{ cron: "17 5 * * *" }]);
  });

  it("sign in to Azure with OIDC only: id-token write where Azure is used, no Azure secret anywhere", () => {
    expect(pulumi.permissions).toEqual({ contents: "read" });
    expect(job("preview").permissions).toEqual({
      contents: "read",
      "id-token": "write",
      "pull-requests": "write",
    });
    expect(job("up").permissions).toEqual({ contents: "read", "id-token": "write" });
    const clientIds = {
      preview: "${{ vars.AZURE_PREVIEW_CLIENT_ID || vars.AZURE_CLIENT_ID }}",
      up: "${{ vars.AZURE_CLIENT_ID }}",
    };
    for (const [name, clientId] of Object.entries(clientIds)) {
      expect(stepUsing(job(name), "azure/login").uses).toBe("azure/login@v2");
      expect(stepUsing(job(name), "azure/login").with).toEqual({
        "client-id": clientId,
        "tenant-id": "${{ vars.AZURE_TENANT_ID }}",
        "subscription-id": "${{ vars.AZURE_SUBSCRIPTION_ID }}",
        "allow-no-subscriptions": true,
      });
    }
    expect(pulumi.env).toMatchObject({
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}",
      ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
    });
    // Pull requests run their own code in the preview: they sign in as the previewer when there is one.
    expect(job("preview").env).toEqual({ ARM_CLIENT_ID: clientIds.preview });
    for (const text of Object.values(texts)) {
      expect(text).not.toMatch(/secrets\.(AZURE|ARM)_|ARM_CLIENT_SECRET|client-secret|creds:/);
    }
  });

  it("gate previews: same-repository branches only, behind an environment with reviewers (issue 9, finding 11)", () => {
    expect(job("preview").if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect((job("preview") as Job & { environment?: string }).environment).toBe("tenant-preview");
    expect((job("up") as Job & { environment?: string }).environment).toBe("tenants");
    // The state's token and decryption key are environment secrets, read only by steps of those jobs:
    // nothing at the workflow level, and no other job, can reach them.
    expect(JSON.stringify(pulumi.env ?? {})).not.toContain("secrets.");
    const readers = Object.entries(pulumi.jobs).flatMap(([name, j]) =>
      j.steps.filter((s) => JSON.stringify(s.env ?? {}).includes("secrets.")).map(() => name),
    );
    expect([...new Set(readers)].sort()).toEqual(["preview", "up"]);
    expect(JSON.stringify(pulumi.jobs.stacks)).not.toContain("secrets.");
  });

  it("fan out over the tenant stacks listed by one job", () => {
    expect(pulumi.jobs.stacks?.steps.find((s) => s.id === "list")).toBeDefined();
    for (const name of ["preview", "up"]) {
      expect(job(name).needs).toBe("stacks");
      expect(job(name).strategy).toEqual({
        "fail-fast": false,
        matrix: { stack: "${{ fromJSON(needs.stacks.outputs.stacks) }}" },
      });
      expect(job(name).if).toContain("needs.stacks.outputs.stacks != '[]'");
    }
  });

  it("preview every stack on pull requests with the diff posted", () => {
    expect(job("preview").if).toContain("github.event_name == 'pull_request'");
    const pulumiStep = stepUsing(job("preview"), "pulumi/actions");
    expect(pulumiStep.uses).toBe("pulumi/actions@v6");
    expect(pulumiStep.with).toMatchObject({
      command: "preview",
      "stack-name": "${{ matrix.stack }}",
      "work-dir": ".",
      "comment-on-pr": true,
    });
  });

  it("update every stack on main and on schedule, one update per stack at a time", () => {
    expect(job("up").if).toContain("github.event_name != 'pull_request'");
    expect(stepUsing(job("up"), "pulumi/actions").with).toMatchObject({
      command: "up",
      "stack-name": "${{ matrix.stack }}",
      "work-dir": ".",
    });
    expect(job("up").concurrency).toEqual({
      group: "pulumi-up-${{ matrix.stack }}",
      "cancel-in-progress": false,
    });
    expect(job("preview").concurrency?.group).toContain("${{ matrix.stack }}");
  });

  it("refresh before every update, so what was changed in the portal is seen and put back (issue 9, finding 10)", () => {
    expect(stepUsing(job("up"), "pulumi/actions").with?.refresh).toBe(true);
  });

  it("check expiry after the scheduled update and fail the job on a warning", () => {
    const steps = job("up").steps;
    const check = steps.find((s) => s.run?.includes("check-expiry"));
    expect(check?.if).toBe(
      "${{ !cancelled() && (github.event_name == 'schedule' || github.event_name == 'workflow_dispatch') }}",
    );
    expect(check?.run).toContain('npm run --silent check-expiry -- --warn-days 30 --stack "$STACK"');
    expect(check?.run).toContain('exit "$status"');
    expect(steps.indexOf(check as Step)).toBeGreaterThan(
      steps.indexOf(stepUsing(job("up"), "pulumi/actions")),
    );
  });

  it("install Node 20 and the locked dependencies before running project code", () => {
    for (const [file, workflow] of Object.entries(workflows)) {
      for (const [name, j] of Object.entries(workflow.jobs)) {
        const runsProjectCode = j.steps.some((s) =>
          /npm|\.ci\/run|pulumi\/actions/.test(`${s.run ?? ""}${s.uses ?? ""}`),
        );
        if (!runsProjectCode) continue;
        const setup = stepUsing(j, "actions/setup-node");
        expect([file, name, setup.uses, setup.with?.["node-version"]]).toEqual([
          file,
          name,
          "actions/setup-node@v4",
          20,
        ]);
        const install = j.steps.findIndex((s) => s.run === "npm ci" || s.run === ".ci/run");
        expect([file, name, install > j.steps.indexOf(setup)]).toEqual([file, name, true]);
      }
    }
  });

  it("only call npm scripts and files that exist", () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: object })
      .scripts;
    const runs = Object.values(workflows).flatMap((w) =>
      Object.values(w.jobs).flatMap((j) => j.steps.map((s) => s.run ?? "")),
    );
    const npmScripts = runs.flatMap((run) =>
      [...run.matchAll(/npm run(?: --?[\w-]+)* ([\w:-]+)/g)].map((m) => m[1]),
    );
    const paths = runs.flatMap((run) =>
      [...run.matchAll(/(?:npx tsx |^|\s)((?:\.\/)?(?:\.ci|scripts|bin)\/[\w./-]+)/gm)].map(
        (m) => m[1] ?? "",
      ),
    );
    expect(npmScripts).toEqual(["check-expiry"]);
    expect(npmScripts.filter((s) => s !== undefined && !(s in scripts))).toEqual([]);
    expect(paths).toEqual([".ci/run"]);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  describe("the azure-native subscription step (issue 9, finding 4)", () => {
    const stepOf = (name: string) =>
      job(name).steps.find((s) => s.name === "Subscription for azure-native, only when one is set");

    function exported(subscription: string): string {
      const dir = mkdtempSync(join(tmpdir(), "subscription-"));
      try {
        const githubEnv = join(dir, "github-env");
        writeFileSync(githubEnv, "");
        const result = spawnSync("bash", ["-e", "-c", stepOf("up")?.run ?? "exit 9"], {
          encoding: "utf8",
          env: { ...process.env, SUBSCRIPTION: subscription, GITHUB_ENV: githubEnv },
        });
        expect(result.status).toBe(0);
        return readFileSync(githubEnv, "utf8");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it("never sets ARM_SUBSCRIPTION_ID from an expression that can be empty", () => {
      const envs = [
        pulumi.env,
        ...Object.values(pulumi.jobs).flatMap((j) => [j.env, ...j.steps.map((s) => s.env)]),
      ];
      expect(envs.filter((env) => env !== undefined && "ARM_SUBSCRIPTION_ID" in env)).toEqual([]);
    });

    it("runs before Pulumi in both jobs and exports the variable only when it is set", () => {
      for (const name of ["preview", "up"]) {
        const steps = job(name).steps;
        const step = stepOf(name);
        expect(step?.env).toEqual({ SUBSCRIPTION: "${{ vars.AZURE_SUBSCRIPTION_ID }}" });
        expect(steps.indexOf(step as Step)).toBeLessThan(
          steps.indexOf(stepUsing(job(name), "pulumi/actions")),
        );
      }
      expect(exported("")).toBe("");
      expect(exported("33333333-3333-4333-8333-333333333333")).toBe(
        "ARM_SUBSCRIPTION_ID=33333333-3333-4333-8333-333333333333\n",
      );
    });
  });

  describe("the secrets provider guard (issue 9, finding 6)", () => {
    const stepOf = (name: string) =>
      job(name).steps.find((s) => s.name === "Secrets provider of the stack, never an empty passphrase");

    function guard(stackFile: string | null, backend: string, passphraseSet: boolean) {
      const dir = mkdtempSync(join(tmpdir(), "secrets-provider-"));
      try {
        if (stackFile !== null) writeFileSync(join(dir, "Pulumi.contoso.yaml"), stackFile);
        const result = spawnSync("bash", ["-e", "-c", stepOf("up")?.run ?? "exit 9"], {
          cwd: dir,
          encoding: "utf8",
          env: {
            ...process.env,
            STACK: "contoso",
            PULUMI_BACKEND_URL: backend,
            PASSPHRASE_SET: String(passphraseSet),
          },
        });
        return { code: result.status, stdout: result.stdout };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const CONFIG = "config:\n  entra-replicator:countryCode: DE\n";
    const AZBLOB = "azblob://pulumi-state?storage_account=stentrareplicator";

    it("falls back to the state's secrets manager and guards every job that runs Pulumi", () => {
      expect(pulumi.env?.PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER).toBe("true");
      for (const name of ["preview", "up"]) {
        const steps = job(name).steps;
        expect(stepOf(name)?.env).toEqual({
          STACK: "${{ matrix.stack }}",
          PASSPHRASE_SET: "${{ secrets.PULUMI_CONFIG_PASSPHRASE != '' }}",
        });
        expect(steps.indexOf(stepOf(name) as Step)).toBeLessThan(
          steps.indexOf(stepUsing(job(name), "pulumi/actions")),
        );
      }
    });

    it("refuses a self-managed backend's stack file that records no provider", () => {
      const { code, stdout } = guard(CONFIG, AZBLOB, true);
      expect(code).toBe(1);
      expect(stdout).toContain("::error title=Pulumi.contoso.yaml records no secrets provider::");
    });

    it("refuses the passphrase provider without a passphrase, on any backend", () => {
      for (const backend of [AZBLOB, ""]) {
        const { code, stdout } = guard(`secretsprovider: passphrase\n${CONFIG}`, backend, false);
        expect([code, stdout.includes("uses the passphrase provider")]).toEqual([1, true]);
      }
    });

    it.each<[string, string, string, boolean]>([
      [
        "a KMS provider on a self-managed backend",
        'secretsprovider: "azurekeyvault://kv.vault.azure.net/keys/k"\nencryptedkey: abc\n',
        AZBLOB,
        false,
      ],
      ["the passphrase provider with a passphrase", "secretsprovider: passphrase\n", AZBLOB, true],
      ["Pulumi Cloud's own key", "", "", false],
    ])("accepts %s", (_label, header, backend, passphraseSet) => {
      expect(guard(`${header}${CONFIG}`, backend, passphraseSet).code).toBe(0);
    });
  });

  describe("the stack listing step", () => {
    const script = pulumi.jobs.stacks?.steps.find((s) => s.id === "list")?.run ?? "";

    function listStacks(stackFiles: string[]): string {
      const dir = mkdtempSync(join(tmpdir(), "stacks-"));
      try {
        for (const file of stackFiles) writeFileSync(join(dir, file), "config: {}\n");
        const output = join(dir, "github-output");
        writeFileSync(output, "");
        // GitHub runs `run:` scripts with `bash -e`.
        const result = spawnSync("bash", ["-e", "-c", script], {
          cwd: dir,
          encoding: "utf8",
          env: { ...process.env, GITHUB_OUTPUT: output },
        });
        expect(result.status).toBe(0);
        return readFileSync(output, "utf8");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it("lists every tenant stack file, not the project file nor the dev example", () => {
      expect(
        listStacks([
          "Pulumi.yaml",
          "Pulumi.dev.yaml",
          "Pulumi.contoso.yaml",
          "Pulumi.fabrikam-eu.yaml",
          "README.md",
        ]),
      ).toBe('stacks=["contoso","fabrikam-eu"]\n');
    });

    it("yields an empty list, which skips the matrix jobs, before the first tenant", () => {
      expect(listStacks(["Pulumi.yaml", "Pulumi.dev.yaml"])).toBe("stacks=[]\n");
    });
  });

  describe("the expiry check step", () => {
    // Runs the step's shell with the real npm script; a stand-in answers `pulumi stack output` (the
    // Pulumi CLI cannot be installed here) from a document that includes the secret.
    const script = job("up").steps.find((s) => s.run?.includes("check-expiry"))?.run ?? "";
    const DAY = 86_400_000;
    const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

    function runStep(currentSecretDaysLeft: number) {
      const dir = mkdtempSync(join(tmpdir(), "expiry-step-"));
      try {
        const outputs = stackOutputsFixture({
          slotAExpiresAt: inDays(currentSecretDaysLeft),
          slotBExpiresAt: inDays(currentSecretDaysLeft - 60),
          nextRotationAt: inDays(20),
        });
        writeFileSync(join(dir, "contoso.json"), JSON.stringify(outputs));
        writeFileSync(join(dir, "pulumi"), `#!/bin/sh\ncat "${dir}/$5.json"\n`);
        chmodSync(join(dir, "pulumi"), 0o755);
        const summary = join(dir, "summary.md");
        const result = spawnSync("bash", ["-e", "-c", script], {
          cwd: ROOT,
          encoding: "utf8",
          env: {
            ...process.env,
            PATH: `${dir}:${process.env.PATH ?? ""}`,
            STACK: "contoso",
            RUNNER_TEMP: dir,
            GITHUB_STEP_SUMMARY: summary,
          },
        });
        return { code: result.status, stdout: result.stdout, summary: readFileSync(summary, "utf8") };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it("passes and summarises a healthy tenant", () => {
      const { code, stdout, summary } = runStep(150);
      expect(code).toBe(0);
      expect(summary.split("\n").slice(0, 2)).toEqual(["### Client secret expiry: contoso", "```"]);
      expect(summary).toMatch(/^contoso +FINE/m);
      expect(stdout).not.toContain("::error");
      expect(stdout + summary).not.toContain(FIXTURE_SECRET);
    });

    it("fails the job loudly when the secret is within the warning window", () => {
      const { code, stdout, summary } = runStep(10);
      expect(code).toBe(1);
      expect(summary).toMatch(/^contoso +WARNING/m);
      expect(stdout).toContain(
        "::error title=Client secret of contoso needs attention::check-expiry exited 1",
      );
      expect(stdout + summary).not.toContain(FIXTURE_SECRET);
    });
  });
});
