import type { Command } from "commander";
import { type CliSettingOptions, addSettingOptions, commandSettings } from "../cliSettings";
import { addOutputOptions, type CommandContext } from "../context";
import { renderDoctor } from "../render";

export function registerDoctor(program: Command, context: CommandContext): void {
  const command = program
    .command("doctor")
    .description("Checks configuration, token, User.Read.All and a user read; every failure says the fix")
    .action(async (options: CliSettingOptions) => {
      const resolver = commandSettings(options, context);
      // Loaded on use: the Graph client and @azure/identity are most of the CLI's start-up time.
      const { doctorWithSettings } = await import("../../api/doctor");
      const report = await doctorWithSettings(resolver);
      context.print(report, renderDoctor(report));
      context.exit(report.exitCode);
    });
  addSettingOptions(command, ["connection"]);
  addOutputOptions(command);
}
