export * from "./model";
export type { ContactStore, PageChange } from "./store/contactStore";
