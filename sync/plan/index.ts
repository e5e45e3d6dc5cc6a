export {
  validateDeltaRecord,
  MAX_FIELD_LENGTH,
  MAX_BUSINESS_PHONES,
  type RecordValidation,
} from "./validateDeltaRecord";
export { userFromRecord } from "./userFromRecord";
export { isInScope, DEFAULT_SCOPE, type SyncScope } from "./scope";
export { toContact, displayNameOf, canonicalContact, contactsEqual } from "./toContact";
export { planPage, pageIds, type PlanOptions } from "./planPage";
export { planReconciliation } from "./planReconciliation";
