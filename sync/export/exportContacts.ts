import type { Contact } from "../model";
import { writeCsv } from "./csv";
import { writeJson } from "./json";
import { writeVcard } from "./vcard";

export type ExportFormat = "csv" | "json" | "vcard";

/** Writes the directory in a format phone systems import, chunk by chunk as `contacts` streams. */
export function exportContacts(
  contacts: Iterable<Contact>,
  format: ExportFormat,
  write: (chunk: string) => void,
): void {
  switch (format) {
    case "csv":
      return writeCsv(contacts, write);
    case "json":
      return writeJson(contacts, write);
    case "vcard":
      return writeVcard(contacts, write);
    default:
      throw new Error(`unknown export format: ${String(format satisfies never)}`);
  }
}
