import { Command } from "commander";
import { parseArguments } from "./lib/parseArguments";
import { formForDisplay, renderSettingsTable, roger365SettingsFrom } from "./lib/roger365Settings";
import { readAllStdin, readStackOutputs, SHOW_SECRETS_COMMAND, StackOutputsError } from "./lib/stackOutputs";

const USAGE_ERROR = 2;

interface Options {
  file?: string;
  showSecret: boolean;
  json: boolean;
}

function run(argv: string[]): number {
  const program = new Command("roger365-settings")
    .description(
      "Prints the values to enter in ROGER365.io's CRM replicator form, from the Pulumi stack outputs.\n" +
        "The client secret is masked unless --show-secret is given.",
    )
    .option("-f, --file <path>", "stack outputs JSON ('-' or omitted: read stdin)")
    .option("--show-secret", "print the client secret in full", false)
    .option("--json", "print the form as JSON (labels as keys)", false)
    .addHelpText(
      "after",
      `\nExamples:\n  ${SHOW_SECRETS_COMMAND} | npm run --silent roger365-settings\n` +
        `  ${SHOW_SECRETS_COMMAND} --stack contoso > contoso.json && npm run roger365-settings -- --file contoso.json --show-secret`,
    )
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  const parseExit = parseArguments(program, argv, USAGE_ERROR);
  if (parseExit !== null) return parseExit;
  const options = program.opts<Options>();

  if ((options.file === undefined || options.file === "-") && process.stdin.isTTY) {
    process.stderr.write(
      `roger365-settings: no stack outputs given. Fix: pipe them in (\`${SHOW_SECRETS_COMMAND} | npm run --silent roger365-settings\`) or pass --file.\n`,
    );
    return USAGE_ERROR;
  }
  try {
    const { outputs, origin } = readStackOutputs(options.file, readAllStdin);
    const settings = roger365SettingsFrom(outputs, origin);
    process.stdout.write(
      options.json
        ? `${JSON.stringify(formForDisplay(settings.form, options.showSecret), null, 2)}\n`
        : renderSettingsTable(settings, options.showSecret),
    );
    return 0;
  } catch (error) {
    if (error instanceof StackOutputsError) {
      process.stderr.write(`roger365-settings: ${error.message}\n`);
      return USAGE_ERROR;
    }
    throw error;
  }
}

process.exitCode = run(process.argv.slice(2));
