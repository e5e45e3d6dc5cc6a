import type { Contact } from "../model";

/** One exported contact: the Entra object id, who it is, and every number with its validity. */
export interface ExportedContact {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string | null;
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  officeLocation: string | null;
  numbers: Array<{
    type: string;
    e164: string | null;
    extension: string | null;
    raw: string;
    valid: boolean;
    problem: string | null;
    region: string | null;
  }>;
}

/** A JSON array, one contact per line, written as it streams (never one giant string). */
export async function writeJson(
  contacts: Iterable<Contact> | AsyncIterable<Contact>,
  write: (chunk: string) => void,
): Promise<void> {
  let separator = "[\n";
  for await (const contact of contacts) {
    write(`${separator}${JSON.stringify(toExported(contact))}`);
    separator = ",\n";
  }
  write(separator === "[\n" ? "[]\n" : "\n]\n");
}

export function toExported(contact: Contact): ExportedContact {
  const u = contact.user;
  return {
    id: contact.id,
    displayName: contact.displayName,
    givenName: u.givenName,
    surname: u.surname,
    mail: u.mail,
    userPrincipalName: u.userPrincipalName,
    jobTitle: u.jobTitle,
    department: u.department,
    companyName: u.companyName,
    officeLocation: u.officeLocation,
    numbers: contact.phones.map((p) => ({
      type: p.type,
      e164: p.e164,
      extension: p.extension,
      raw: p.raw,
      valid: p.valid,
      problem: p.problem,
      region: p.region,
    })),
  };
}
