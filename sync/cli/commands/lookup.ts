import type { Command } from "commander";
import { ExitCode } from "../../errors";
import { type CliSettingOptions, addSettingOptions, commandSettings } from "../cliSettings";
import { addOutputOptions, type CommandContext } from "../context";
import { addTenantOptions, directoryTarget, type TenantOptions } from "./tenantOption";
import { renderLookup } from "../render";

export function registerLookup(program: Command, context: CommandContext): void {
  const command = program
    .command("lookup")
    .description("Caller ID: the contact(s) owning a number (exit 8 when none)")
    .argument("<number>", 'the number, e.g. "020 123 4567" or "+31 20 123 4567"')
    .action(async (number: string, options: CliSettingOptions & TenantOptions) => {
      const resolver = commandSettings(options, context);
      const target = await directoryTarget(options, resolver.store(), context.env);
      // libphonenumber's max metadata: only lookup pays for it (start-up, issue 8).
      const { lookupWithSettings } = await import("../../api/lookup");
      const result = await lookupWithSettings(number, target.store, target.tenant);
      context.print(result, renderLookup(result));
      if (result.matches.length === 0) context.exit(ExitCode.NotFound);
    });
  addSettingOptions(command, ["store"]);
  addTenantOptions(command);
  addOutputOptions(command);
}
