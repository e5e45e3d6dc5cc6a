export { normalisePhone, normaliseLookupNumber, type LookupNumberResult } from "./normalisePhone";
export { regionForUser, countryToRegion } from "./region";
