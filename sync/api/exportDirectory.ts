import fs from "node:fs";
import path from "node:path";
import type { StoreSettings } from "../config/settings";
import { settingsFromOptions } from "../config/sources";
import { ExitCode, ReplicatorError } from "../errors";
import { exportContacts, type ExportFormat } from "../export";
import { type DirectoryOptions, tenantOf } from "./options";
import { withTenantStore } from "./openStore";

export const EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "json", "vcard"];

export interface ExportOptions extends DirectoryOptions {
  format: ExportFormat;
  /** A file to write (replaced atomically, so an importer never reads half a file). @default stdout */
  output?: string;
}

export async function exportDirectory(options: ExportOptions): Promise<{ output: string }> {
  const settings = settingsFromOptions(options, options.env ?? process.env).store();
  return exportWithSettings(settings, { ...options, tenant: tenantOf(options) });
}

export async function exportWithSettings(
  settings: StoreSettings,
  options: Pick<ExportOptions, "format" | "output" | "tenant">,
): Promise<{ output: string }> {
  if (!EXPORT_FORMATS.includes(options.format)) {
    throw new ReplicatorError({
      code: "export-format-invalid",
      field: "format",
      message: `'${options.format}' is not an export format.`,
      fix: `Use --format ${EXPORT_FORMATS.join(" | ")}.`,
      exitCode: ExitCode.Usage,
    });
  }
  return withTenantStore(settings.storePath, options.tenant, async ({ directory }) => {
    if (options.output === undefined) {
      await exportContacts(
        directory.iterateContacts(),
        options.format,
        (chunk) => void process.stdout.write(chunk),
      );
      return { output: "stdout" };
    }
    const target = path.resolve(options.output);
    const temporary = `${target}.${process.pid}.tmp`;
    const fd = fs.openSync(temporary, "w");
    try {
      await exportContacts(
        directory.iterateContacts(),
        options.format,
        (chunk) => void fs.writeSync(fd, chunk),
      );
      fs.fsyncSync(fd);
    } catch (error) {
      fs.closeSync(fd);
      fs.rmSync(temporary, { force: true });
      throw error;
    }
    fs.closeSync(fd);
    fs.renameSync(temporary, target);
    return { output: target };
  });
}
