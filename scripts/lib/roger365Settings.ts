import { ROGER365_FORM_LABELS, Roger365Form } from "../../sync/contract";
import { MASKED_SECRET, requireString, StackOutputs } from "./stackOutputs";

export interface Roger365Settings {
  form: Roger365Form;
  clientSecretExpiresAt?: string;
  nextRotationAt?: string;
}

/** The form from the `roger365` stack output; every field must be present, the secret unmasked. */
export function roger365SettingsFrom(outputs: StackOutputs, origin: string): Roger365Settings {
  // The secret first: a document without --show-secrets is the most likely mistake.
  requireString(outputs, ["roger365", "Client Secret"], origin);
  const form = Object.fromEntries(
    ROGER365_FORM_LABELS.map((label) => [label, requireString(outputs, ["roger365", label], origin)]),
  ) as Roger365Form;
  const optional = (name: string) => {
    const value = outputs[name];
    return typeof value === "string" && value !== MASKED_SECRET ? value : undefined;
  };
  const clientSecretExpiresAt = optional("clientSecretExpiresAt");
  const nextRotationAt = optional("nextRotationAt");
  return {
    form,
    ...(clientSecretExpiresAt === undefined ? {} : { clientSecretExpiresAt }),
    ...(nextRotationAt === undefined ? {} : { nextRotationAt }),
  };
}

/** Like the Entra portal's own hint: the first three characters, nothing that helps guessing the rest. */
export function maskSecret(secret: string): string {
  return secret.length < 12 ? "•••" : `${secret.slice(0, 3)}•••`;
}

export function formForDisplay(form: Roger365Form, showSecret: boolean): Roger365Form {
  return showSecret ? form : { ...form, "Client Secret": maskSecret(form["Client Secret"]) };
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** The table to paste from, field by field in the form's order, with what to do about rotation. */
export function renderSettingsTable(settings: Roger365Settings, showSecret: boolean): string {
  const shown = formForDisplay(settings.form, showSecret);
  const width = Math.max(...ROGER365_FORM_LABELS.map((label) => label.length));
  const rows = ROGER365_FORM_LABELS.map((label) => {
    let value = shown[label];
    if (label === "Contact URL" && value === "") value = "(leave blank)";
    if (label === "Client Secret" && !showSecret)
      value = `${value}   (masked: add --show-secret to print it)`;
    return `  ${label.padEnd(width)}   ${value}`;
  });
  const lines = ["ROGER365.io → CRM replicator → new connection:", "", ...rows, ""];
  if (settings.clientSecretExpiresAt !== undefined) {
    lines.push(`This client secret expires on ${day(settings.clientSecretExpiresAt)} (UTC).`);
  }
  if (settings.nextRotationAt !== undefined) {
    lines.push(
      `A new client secret is issued by the first \`pulumi up\` on or after ${day(settings.nextRotationAt)}: then run this`,
      "command again and paste the new secret. The current one keeps working until the rotation after that.",
    );
  }
  return `${lines.join("\n")}\n`;
}
