import { type Command, CommanderError } from "commander";

/**
 * Parses the user's arguments with a program set up with `exitOverride()`, so a script's `main` returns its
 * exit code instead of commander exiting the process. Null when the run goes on; otherwise the exit code:
 * 0 after --help (or --version), `usageExitCode` for a usage error commander has already printed.
 */
export function parseArguments(
  program: Command,
  argv: readonly string[],
  usageExitCode: number,
): number | null {
  try {
    program.parse([...argv], { from: "user" });
    return null;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : usageExitCode;
    throw error;
  }
}
