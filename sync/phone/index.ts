export { normalisePhone, normaliseLookupNumber, type LookupNumberResult } from "./normalisePhone";
export { regionForUser, countryToRegion } from "./region";
export { normaliseUserPhone } from "./userPhone";
export { canonicalPhoneText, SEPARATOR_CLASSES } from "./phoneText";
