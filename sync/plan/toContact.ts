import type { Contact, ContactPhone, EntraUser } from "../model";
import { normaliseUserPhone } from "../phone/userPhone";
import { regionForUser } from "../phone/region";

/**
 * The directory entry for a user: business numbers then the mobile number, each normalised in the
 * user's region. Blank entries carry no number and are skipped; anything else, even "n/a", is kept
 * and flagged so it shows up in the invalid-numbers report.
 */
export function toContact(user: EntraUser, defaultCountry: string | null): Contact {
  const region = regionForUser(user, defaultCountry);
  const phones: ContactPhone[] = [];
  for (const raw of user.businessPhones) {
    if (raw.trim() !== "") phones.push(normaliseUserPhone(raw, "business", region, defaultCountry));
  }
  if (user.mobilePhone !== null && user.mobilePhone.trim() !== "") {
    phones.push(normaliseUserPhone(user.mobilePhone, "mobile", region, defaultCountry));
  }
  return { id: user.id, user, displayName: displayNameOf(user), phones };
}

export function displayNameOf(user: EntraUser): string {
  const displayName = user.displayName?.trim();
  if (displayName) return displayName;
  const fullName = [user.givenName?.trim(), user.surname?.trim()].filter(Boolean).join(" ");
  if (fullName !== "") return fullName;
  return user.userPrincipalName?.trim() || user.id;
}

/**
 * A key-order-independent form of a contact, so a contact read back from a store compares equal to
 * a freshly planned one when nothing that matters changed.
 */
export function canonicalContact(contact: Contact): string {
  const u = contact.user;
  return JSON.stringify([
    contact.id,
    contact.displayName,
    [
      u.displayName,
      u.givenName,
      u.surname,
      u.mail,
      u.userPrincipalName,
      u.jobTitle,
      u.department,
      u.companyName,
      u.officeLocation,
      u.businessPhones,
      u.mobilePhone,
      u.accountEnabled,
      u.userType,
      u.usageLocation,
      u.country,
    ],
    contact.phones.map((p) => [p.type, p.raw, p.e164, p.extension, p.valid, p.problem, p.region]),
  ]);
}

export function contactsEqual(a: Contact, b: Contact): boolean {
  return canonicalContact(a) === canonicalContact(b);
}
