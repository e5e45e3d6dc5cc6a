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
  options: Pick<ExportOptions, "format" | "output" | "tenant"> & {
    /** Where the export goes without `output`. @default process.stdout */
    stdout?: NodeJS.WritableStream;
  },
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
  const target = options.output === undefined ? null : path.resolve(options.output);
  if (target !== null) checkOutputDirectory(target);
  return withTenantStore(settings.storePath, options.tenant, async ({ directory }) => {
    if (target === null) {
      const stdout = options.stdout ?? process.stdout;
      await exportContacts(directory.iterateContacts(), options.format, (chunk) => void stdout.write(chunk));
      return { output: "stdout" };
    }
    const temporary = `${target}.${process.pid}.tmp`;
    // 0600: an export is the company's personal data; rename keeps the mode.
    const fd = fs.openSync(temporary, "w", 0o600);
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

/**
 * The export is written beside its target and renamed into place, so the target's directory must exist
 * and be writable: say so, naming the flag, before the store is read (and never name the temporary file).
 */
function checkOutputDirectory(target: string): void {
  const directory = path.dirname(target);
  let problem: string | null = null;
  try {
    if (!fs.statSync(directory).isDirectory()) problem = "is not a directory";
    else fs.accessSync(directory, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem =
      code === "ENOENT" ? "does not exist" : code === "ENOTDIR" ? "is not a directory" : "is not writable";
  }
  if (problem === null) return;
  throw new ReplicatorError({
    code: "export-output-invalid",
    field: "--output",
    message: `Cannot write the export to ${target}: the directory ${directory} ${problem}.`,
    fix: "Give --output a file in an existing, writable directory (create the directory first), or leave --output out to write to stdout.",
    exitCode: ExitCode.Usage,
  });
}
