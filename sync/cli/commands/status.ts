import { type Command, InvalidArgumentError } from "commander";
import { statusWithSettings } from "../../api/status";
import { type CliSettingOptions, addSettingOptions, commandSettings } from "../cliSettings";
import { addOutputOptions, type CommandContext } from "../context";
import { addTenantOptions, directoryTarget, type TenantOptions } from "./tenantOption";
import { renderStatus } from "../render";

export function registerStatus(program: Command, context: CommandContext): void {
  const command = program
    .command("status")
    .description("Last runs, counts, numbers that failed to normalise, escrowed records")
    .option("--runs <n>", "how many recent runs to show", wholeNumber, 10)
    .action(async (options: CliSettingOptions & TenantOptions & { runs: number }) => {
      const target = await directoryTarget(options, commandSettings(options, context).store(), context.env);
      const report = await statusWithSettings(target.store, options.runs, target.tenant);
      context.print(report, renderStatus(report));
    });
  addSettingOptions(command, ["store"]);
  addTenantOptions(command);
  addOutputOptions(command);
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("Give a whole number, e.g. 500.");
  return Number(value);
}
