import type { ErrorCodeArea } from "../errorCatalogue";
import { ExitCode } from "../errors";

export const COMMAND_ERROR_CODES: ErrorCodeArea = {
  area: "Commands",
  codes: [
    {
      code: "usage",
      exitCode: ExitCode.Usage,
      meaning: "An unknown command or flag, or a flag's value refused by the CLI itself.",
      fix: "Run `entra-replicator <command> --help`.",
    },
    {
      code: "number-invalid",
      exitCode: ExitCode.Usage,
      meaning: "lookup: the number cannot be read as a phone number.",
      fix: 'Give the number as dialled, e.g. "020 123 4567" with --country, or "+31 20 123 4567".',
    },
    {
      code: "export-format-invalid",
      exitCode: ExitCode.Usage,
      meaning: "export: the format is not csv, json or vcard.",
      fix: "Use --format csv | json | vcard.",
    },
    {
      code: "export-output-invalid",
      exitCode: ExitCode.Usage,
      meaning: "export: the --output file's directory does not exist or is not writable.",
      fix: "Create the directory first, or give another --output.",
    },
    {
      code: "internal-error",
      exitCode: ExitCode.Failure,
      meaning: "A failure the sync has no explanation for (a bug).",
      fix: "Run again; if it repeats, report it with the message (it carries no secret).",
    },
  ],
};
