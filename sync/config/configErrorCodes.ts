import type { ErrorCodeArea } from "../errorCatalogue";
import { ExitCode } from "../errors";

export const CONFIG_ERROR_CODES: ErrorCodeArea = {
  area: "Settings (flags, config file, environment, stack outputs)",
  codes: [
    {
      code: "setting-missing",
      exitCode: ExitCode.Usage,
      meaning: "A required setting is not set; several missing ones are reported together in one error.",
      fix: "Set each one named, by flag, environment variable, config file or --stack-outputs (docs/CLI.md).",
    },
    {
      code: "setting-invalid",
      exitCode: ExitCode.Usage,
      meaning: "A setting has a value of the wrong form (not a GUID, not an https origin, out of range, …).",
      fix: "Correct the value in the place the message names (a flag, a variable, the config file).",
    },
    {
      code: "setting-conflict",
      exitCode: ExitCode.Usage,
      meaning: "One source gives both the client secret and its Key Vault location.",
      fix: "Give either the secret or --key-vault-url and --key-vault-secret-name, not both.",
    },
    {
      code: "config-unreadable",
      exitCode: ExitCode.Usage,
      meaning: "The --config file cannot be read.",
      fix: "Check the path given to --config.",
    },
    {
      code: "config-invalid",
      exitCode: ExitCode.Usage,
      meaning: "The --config file is not JSON, has an unknown key or a value of the wrong type.",
      fix: "Fix the key or value named; the known keys are the settings in docs/CLI.md.",
    },
    {
      code: "stack-outputs-unreadable",
      exitCode: ExitCode.Usage,
      meaning: "The --stack-outputs file (or stdin) cannot be read.",
      fix: "Pass a file written by `pulumi stack output --json --show-secrets`, or - for stdin.",
    },
    {
      code: "stack-outputs-invalid",
      exitCode: ExitCode.Usage,
      meaning: "The stack outputs are not a JSON object, or an output is not a string.",
      fix: "Pass the output of `pulumi stack output --json --show-secrets` unchanged.",
    },
    {
      code: "stack-outputs-masked",
      exitCode: ExitCode.Usage,
      meaning: 'A stack output needed is masked as "[secret]".',
      fix: "Export the outputs with --show-secrets, or read the secret from Key Vault instead.",
    },
  ],
};
