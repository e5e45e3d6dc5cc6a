export { exportContacts, type ExportFormat } from "./exportContacts";
export { CSV_COLUMNS } from "./csv";
export type { ExportedContact } from "./json";
