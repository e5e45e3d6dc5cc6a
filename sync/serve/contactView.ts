import type { Contact } from "../model";

/** A contact as the API shows it: the directory fields a phone system needs, nothing else of the user. */
export interface ContactView {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  officeLocation: string | null;
  phones: Array<{
    type: string;
    raw: string;
    e164: string | null;
    extension: string | null;
    valid: boolean;
    problem: string | null;
  }>;
}

export function contactView(contact: Contact): ContactView {
  const u = contact.user;
  return {
    id: contact.id,
    displayName: contact.displayName,
    givenName: u.givenName,
    surname: u.surname,
    mail: u.mail,
    jobTitle: u.jobTitle,
    department: u.department,
    companyName: u.companyName,
    officeLocation: u.officeLocation,
    phones: contact.phones.map((p) => ({
      type: p.type,
      raw: p.raw,
      e164: p.e164,
      extension: p.extension,
      valid: p.valid,
      problem: p.problem,
    })),
  };
}
