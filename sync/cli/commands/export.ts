import { type Command, Option } from "commander";
import { EXPORT_FORMATS, exportWithSettings } from "../../api/exportDirectory";
import type { ExportFormat } from "../../export";
import { type CliSettingOptions, addSettingOptions, commandSettings } from "../cliSettings";
import type { CommandContext } from "../context";
import { addTenantOptions, directoryTarget, type TenantOptions } from "./tenantOption";

export function registerExport(program: Command, context: CommandContext): void {
  const command = program
    .command("export")
    .description("The directory as a file phone systems import")
    .addOption(new Option("--format <format>", "file format").choices(EXPORT_FORMATS).makeOptionMandatory())
    .option("--output <file>", "write to this file (atomically) instead of stdout")
    .action(
      async (options: CliSettingOptions & TenantOptions & { format: ExportFormat; output?: string }) => {
        const target = await directoryTarget(options, commandSettings(options, context).store(), context.env);
        const result = await exportWithSettings(target.store, {
          format: options.format,
          tenant: target.tenant,
          ...(options.output !== undefined && { output: options.output }),
          stdout: context.stdout,
        });
        if (result.output !== "stdout") context.stderr.write(`Wrote ${result.output}\n`);
      },
    );
  addSettingOptions(command, ["store"]);
  addTenantOptions(command);
}
