import { findPhoneNumbersInText } from 'libphonenumber-js';

/** Personal details a piece of text seems to hold. */
export interface PersonalDataFound {
  emails: string[];
  phones: string[];
}

/** Something shaped like an email address: local part, @, a domain with a dot. */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/**
 * Email addresses and UK phone numbers in `text`, so the community page can ask before sending them. Phone numbers are
 * found with libphonenumber-js (default country GB) at "possible" leniency, which also catches numbers from ranges
 * that are not in service (Ofcom's drama numbers such as 07700 900123): the point is to spot that someone typed a
 * phone number, not to check it works. Bus numbers, years and prices are not phone numbers to it.
 */
export function findPersonalData(text: string): PersonalDataFound {
  const emails = text.match(EMAIL) ?? [];
  const phones = findPhoneNumbersInText(text, { defaultCountry: 'GB', extended: true }).map((found) => text.slice(found.startsAt, found.endsAt));
  return { emails: [...new Set(emails)], phones: [...new Set(phones)] };
}

/** True when {@link findPersonalData} found anything. */
export function hasPersonalData(found: PersonalDataFound): boolean {
  return found.emails.length > 0 || found.phones.length > 0;
}
