import type { Command } from "commander";
import { lookupWithSettings } from "../../api/lookup";
import { ExitCode } from "../../errors";
import { type CliSettingOptions, addSettingOptions, commandSettings } from "../cliSettings";
import { addOutputOptions, type CommandContext } from "../context";
import { renderLookup } from "../render";

export function registerLookup(program: Command, context: CommandContext): void {
  const command = program
    .command("lookup")
    .description("Caller ID: the contact(s) owning a number (exit 8 when none)")
    .argument("<number>", 'the number, e.g. "020 123 4567" or "+31 20 123 4567"')
    .action((number: string, options: CliSettingOptions) => {
      const result = lookupWithSettings(number, commandSettings(options, context).store());
      context.print(result, renderLookup(result));
      if (result.matches.length === 0) context.exit(ExitCode.NotFound);
    });
  addSettingOptions(command, ["store"]);
  addOutputOptions(command);
}
