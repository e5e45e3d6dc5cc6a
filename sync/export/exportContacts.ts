import type { Contact } from "../model";
import { writeCsv } from "./csv";
import { writeJson } from "./json";
import { writeVcard } from "./vcard";

export type ExportFormat = "csv" | "json" | "vcard";

/** Writes the directory in a format phone systems import, chunk by chunk as `contacts` streams. */
export async function exportContacts(
  contacts: Iterable<Contact> | AsyncIterable<Contact>,
  format: ExportFormat,
  write: (chunk: string) => void,
): Promise<void> {
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
