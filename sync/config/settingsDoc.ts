import { cell } from "../errorsDoc";
import { SETTING_NAMES, settingSpec } from "./settingsTable";

const GROUPS = {
  connection: "sync, doctor",
  store: "sync, lookup, status, export",
  sync: "sync",
} as const;

/** The settings table of docs/CLI.md, generated from the settings table (`npm run docs`). */
export function renderSettingsMarkdown(): string {
  const lines = [
    "| setting (config file key) | flag | environment | default | commands | what |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const name of SETTING_NAMES) {
    const spec = settingSpec(name);
    const env = [spec.replicatorEnv, spec.env].filter((variable) => variable !== undefined);
    const flag = spec.argument === undefined ? spec.flag : `${spec.flag} ${spec.argument}`;
    const kind = spec.kind.type === "choice" ? ` (${spec.kind.choices.join(", ")})` : "";
    lines.push(
      `| \`${name}\` | \`${flag}\` | ${env.map((variable) => `\`${variable}\``).join(" or ") || "—"} | ` +
        `${spec.defaultText === undefined ? "—" : cell(spec.defaultText)} | ${GROUPS[spec.group]} | ` +
        `${cell(spec.help)}${kind}${spec.secret === true ? " — a secret: never printed" : ""} |`,
    );
  }
  return lines.join("\n");
}
