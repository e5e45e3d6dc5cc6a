/** The stack outputs of infra/index.ts, in declaration order: the contract ROGER365, the sync and the expiry check read. */
export { STACK_OUTPUT_NAMES } from "../../sync/contract";
