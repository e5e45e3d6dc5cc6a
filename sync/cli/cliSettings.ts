import { type Command, InvalidArgumentError, Option } from "commander";
import { SettingsResolver } from "../config/settings";
import {
  optionKey,
  SETTING_NAMES,
  type SettingGroup,
  type SettingKind,
  type SettingsInput,
  settingSpec,
} from "../config/settingsTable";
import { configFileLayer, environmentLayer, flagsLayer, stackOutputsLayer } from "../config/sources";
import type { CommandContext } from "./context";

/** The option values commander hands over: each setting under its flag's name, plus the two source files. */
export interface CliSettingOptions {
  config?: string;
  stackOutputs?: string;
}

const CONFIG_HELP = "JSON config file (docs/CLI.md); flags win over it, it wins over the environment";

/** Adds the flags of the settings in these groups (from the settings table), and --config. */
export function addSettingOptions(command: Command, groups: readonly SettingGroup[]): void {
  command.option("--config <file>", CONFIG_HELP);
  if (groups.includes("connection")) {
    command.option(
      "--stack-outputs <file>",
      "JSON of `pulumi stack output --json --show-secrets` (- for stdin)",
    );
  }
  for (const name of SETTING_NAMES) {
    const spec = settingSpec(name);
    if (!groups.includes(spec.group)) continue;
    const description =
      spec.help +
      (spec.env === undefined ? "" : ` [${spec.env}]`) +
      (spec.defaultText === undefined ? "" : ` (default ${spec.defaultText})`);
    const option = new Option(
      spec.argument === undefined ? spec.flag : `${spec.flag} ${spec.argument}`,
      description,
    );
    const parse = parserOf(spec.kind);
    if (spec.kind.type === "choice") option.choices(spec.kind.choices);
    else if (parse !== null) option.argParser(parse);
    command.addOption(option);
  }
}

function parserOf(kind: SettingKind): ((value: string) => number) | null {
  if (kind.type === "integer") {
    return (value) => {
      if (!/^\d+$/.test(value)) throw new InvalidArgumentError("Give a whole number, e.g. 500.");
      return Number(value);
    };
  }
  if (kind.type === "number") {
    return (value) => {
      const number = Number(value);
      if (value.trim() === "" || !Number.isFinite(number) || number < kind.min || number > kind.max) {
        throw new InvalidArgumentError(`Give a number from ${kind.min} to ${kind.max}, e.g. 10.`);
      }
      return number;
    };
  }
  return null;
}

/**
 * Precedence, highest first: flags, then the --config file (explicit beats ambient), then environment
 * variables, then the --stack-outputs JSON, then the --cloud preset and built-in defaults.
 */
export function resolverFromCli(
  options: CliSettingOptions,
  env: NodeJS.ProcessEnv,
  readStdin?: () => string,
): SettingsResolver {
  const flags: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) flags[name] = (options as Record<string, unknown>)[optionKey(name)];
  return new SettingsResolver([
    flagsLayer(flags as SettingsInput),
    ...(options.config === undefined ? [] : [configFileLayer(options.config)]),
    environmentLayer(env),
    ...(options.stackOutputs === undefined ? [] : [stackOutputsLayer(options.stackOutputs, readStdin)]),
  ]);
}

/** The resolver for a command's options; every secret it holds is scrubbed from the output from now on. */
export function commandSettings(options: CliSettingOptions, context: CommandContext): SettingsResolver {
  const resolver = resolverFromCli(options, context.env, context.readStdin);
  context.knowSecrets(resolver.knownSecrets());
  return resolver;
}
