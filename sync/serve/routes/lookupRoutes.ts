import type { FastifyPluginAsync } from "fastify";
import { normaliseLookupNumber } from "../../phone";
import { contactView } from "../contactView";
import { HttpError } from "../httpErrors";
import { lookupResultSchema, protectedErrorResponses } from "../schemas";

/** Longer than any number with an extension; longer input is a 400 before any parsing. */
const MAX_NUMBER_LENGTH = 64;

/**
 * Caller ID: `GET /v1/lookup?number=…` → 200 with the matches, 404 with the same shape and no
 * matches, 400 when the input is not a number. A number without a country code is read in the
 * tenant's default country (the one its sync stored; else serve's --country), like the CLI.
 */
export const lookupRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { number: string } }>(
    "/lookup",
    {
      schema: {
        querystring: {
          type: "object",
          required: ["number"],
          properties: { number: { type: "string", minLength: 1, maxLength: MAX_NUMBER_LENGTH } },
        },
        response: { 200: lookupResultSchema, 404: lookupResultSchema, ...protectedErrorResponses },
      },
    },
    async (request, reply) => {
      const { directory, metrics, defaultCountry } = app.serve;
      const tenant = directory.tenant(request.caller!.tenantId);
      const country = (await tenant.defaultCountry()) ?? defaultCountry;
      const number = normaliseLookupNumber(request.query.number, country);
      if (!number.ok) {
        metrics.countLookup("invalid");
        throw new HttpError(400, {
          code: "number-invalid",
          field: "number",
          message: `The number is not a phone number that can be looked up: ${number.problem}.`,
          fix:
            country === null
              ? "Give the number with its country code, e.g. +31 20 123 4567 (URL-encode the + as %2B)."
              : `Give the number with its country code (+31 20 123 4567, the + URL-encoded as %2B) or as dialled within ${country}.`,
        });
      }
      const matches = await tenant.findByE164(number.e164);
      metrics.countLookup(matches.length > 0 ? "hit" : "miss");
      return reply
        .code(matches.length > 0 ? 200 : 404)
        .send({ e164: number.e164, extension: number.extension, matches: matches.map(contactView) });
    },
  );
};
