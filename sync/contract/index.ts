/**
 * The contract between the infra program, the sync and the scripts: names and tables each side must
 * spell the same way. Pure data and functions, no dependencies, so every part can import it cheaply.
 */
export * from "./adminConsent";
export * from "./clouds";
export * from "./countries";
export * from "./guid";
export * from "./roger365Form";
export * from "./stackOutputs";
