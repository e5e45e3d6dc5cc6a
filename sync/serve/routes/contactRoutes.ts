import type { FastifyPluginAsync } from "fastify";
import { contactView } from "../contactView";
import { decodeCursor, encodeCursor } from "../cursor";
import { badRequest, notFound } from "../httpErrors";
import { contactSchema, errorSchema, protectedErrorResponses } from "../schemas";

export const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 100;

/**
 * `GET /v1/contacts?cursor=&limit=` pages the tenant's directory in id order, so a page boundary
 * never moves when contacts are added or renamed; `nextCursor` is null on the last page.
 * `GET /v1/contacts/{id}`: a contact of another tenant is a 404 like one that does not exist.
 */
export const contactRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { cursor?: string; limit: number } }>(
    "/contacts",
    {
      schema: {
        querystring: {
          type: "object",
          properties: {
            cursor: { type: "string", minLength: 1, maxLength: 512 },
            limit: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["contacts", "nextCursor"],
            properties: {
              contacts: { type: "array", items: contactSchema },
              nextCursor: { type: ["string", "null"] },
            },
          },
          ...protectedErrorResponses,
        },
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      const afterId = cursor === undefined ? null : decodeCursor(cursor);
      if (cursor !== undefined && afterId === null) {
        throw badRequest(
          "cursor",
          "The cursor is not one this API handed out.",
          "Pass `nextCursor` of the previous page unchanged, or leave cursor out for the first page.",
        );
      }
      const tenant = app.serve.directory.tenant(request.caller!.tenantId);
      const contacts = await tenant.page(afterId, limit + 1);
      const page = contacts.slice(0, limit);
      const last = page[page.length - 1];
      return {
        contacts: page.map(contactView),
        nextCursor: contacts.length > limit && last !== undefined ? encodeCursor(last.id) : null,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/contacts/:id",
    {
      schema: {
        params: { type: "object", properties: { id: { type: "string", minLength: 1, maxLength: 100 } } },
        response: { 200: contactSchema, 404: errorSchema, ...protectedErrorResponses },
      },
    },
    async (request) => {
      const contact = await app.serve.directory.tenant(request.caller!.tenantId).get(request.params.id);
      if (contact === null) throw notFound("Contact");
      return contactView(contact);
    },
  );
};
