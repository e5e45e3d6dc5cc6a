import { ERROR_CATALOGUE, EXIT_CODE_MEANINGS } from "./errorCatalogue";
import type { ExitCodeValue } from "./errors";

/** docs/ERRORS.md, generated from the catalogue (`npm run docs`); a test fails when the file is stale. */
export function renderErrorsMarkdown(): string {
  const lines = [
    "# Errors and exit codes",
    "",
    "<!-- Generated from sync/errorCatalogue.ts by `npm run docs`; do not edit by hand. -->",
    "",
    "Every failure says what is wrong, the setting or flag involved (`field`) and the fix. With `--json`",
    'the one document on stdout is `{ "error": { code, message, fix, field?, exitCode }, summary? }`',
    "(`summary` when the run had started: it is in the run history too). `code` is the stable contract;",
    "messages may change.",
    "",
    "## Exit codes",
    "",
    "| exit | meaning |",
    "| --- | --- |",
    ...Object.entries(EXIT_CODE_MEANINGS).map(([code, meaning]) => `| ${code} | ${cell(meaning)} |`),
    "",
    "Ended by a signal: 130 (SIGINT) or 143 (SIGTERM), as shells report it; the run is in the history as",
    "`interrupted`.",
  ];
  for (const { area, codes } of ERROR_CATALOGUE) {
    lines.push("", `## ${area}`, "", "| code | exit | meaning | fix |", "| --- | --- | --- | --- |");
    for (const entry of codes) {
      lines.push(
        `| \`${entry.code}\` | ${exitText(entry.exitCode)} | ${cell(entry.meaning)} | ${cell(entry.fix)} |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function exitText(code: ExitCodeValue): string {
  return String(code);
}

/** A table cell: pipes escaped, so `--format csv | json` stays one cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}
