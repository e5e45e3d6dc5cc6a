import { type Command, InvalidArgumentError } from "commander";
import { statusWithSettings } from "../../api/status";
import { type CliSettingOptions, addSettingOptions, commandSettings } from "../cliSettings";
import { addOutputOptions, type CommandContext } from "../context";
import { renderStatus } from "../render";

export function registerStatus(program: Command, context: CommandContext): void {
  const command = program
    .command("status")
    .description("Last runs, counts, numbers that failed to normalise, escrowed records")
    .option("--runs <n>", "how many recent runs to show", wholeNumber, 10)
    .action(async (options: CliSettingOptions & { runs: number }) => {
      const report = await statusWithSettings(
        commandSettings(options, context).store(),
        options.runs,
        context.env.AZURE_TENANT_ID,
      );
      context.print(report, renderStatus(report));
    });
  addSettingOptions(command, ["store"]);
  addOutputOptions(command);
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("Give a whole number, e.g. 500.");
  return Number(value);
}
