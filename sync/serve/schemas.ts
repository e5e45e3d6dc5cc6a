/**
 * JSON Schemas of the API: validation on the way in (Ajv, allErrors off), fast serialisation on the
 * way out — fields not declared here are dropped, so nothing of the stored user leaks by accident.
 */
const nullableString = { type: ["string", "null"] } as const;

export const contactSchema = {
  type: "object",
  required: ["id", "displayName", "phones"],
  properties: {
    id: { type: "string" },
    displayName: { type: "string" },
    givenName: nullableString,
    surname: nullableString,
    mail: nullableString,
    jobTitle: nullableString,
    department: nullableString,
    companyName: nullableString,
    officeLocation: nullableString,
    phones: {
      type: "array",
      items: {
        type: "object",
        required: ["type", "raw", "e164", "extension", "valid", "problem"],
        properties: {
          type: { type: "string" },
          raw: { type: "string" },
          e164: nullableString,
          extension: nullableString,
          valid: { type: "boolean" },
          problem: nullableString,
        },
      },
    },
  },
} as const;

export const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        fix: { type: "string" },
        field: { type: "string" },
      },
    },
  },
} as const;

/** The error answers every protected route can give. */
export const protectedErrorResponses = {
  400: errorSchema,
  401: errorSchema,
  429: errorSchema,
  500: errorSchema,
  503: errorSchema,
} as const;

export const lookupResultSchema = {
  type: "object",
  required: ["e164", "extension", "matches"],
  properties: {
    e164: { type: "string" },
    extension: nullableString,
    matches: { type: "array", items: contactSchema },
  },
} as const;

export interface ErrorBody {
  error: { code: string; message: string; fix?: string; field?: string };
}
