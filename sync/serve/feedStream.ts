import { Readable } from "node:stream";
import type { Contact } from "../model";

/** Contacts per chunk: large enough to keep the per-chunk overhead low, small enough to bound memory. */
const CONTACTS_PER_CHUNK = 256;

/**
 * A phonebook as a byte stream: header, one text block per contact, footer. Pulled by the socket
 * (back-pressure), so a 100k directory never sits in memory; ending early releases the snapshot.
 */
export function feedStream(
  contacts: AsyncIterable<Contact>,
  entryOf: (contact: Contact) => string,
  header = "",
  footer = "",
): Readable {
  async function* chunks(): AsyncGenerator<string> {
    if (header !== "") yield header;
    let chunk = "";
    let inChunk = 0;
    for await (const contact of contacts) {
      chunk += entryOf(contact);
      if (++inChunk === CONTACTS_PER_CHUNK) {
        yield chunk;
        chunk = "";
        inChunk = 0;
      }
    }
    if (chunk + footer !== "") yield chunk + footer;
  }
  return Readable.from(chunks(), { objectMode: false });
}
