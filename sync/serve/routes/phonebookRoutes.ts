import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { vcardOf } from "../../export/vcard";
import type { Contact } from "../../model";
import { feedEtag, ifNoneMatchHits } from "../etag";
import { feedStream } from "../feedStream";
import { protectedErrorResponses } from "../schemas";
import { YEALINK_FOOTER, YEALINK_HEADER, yealinkEntryOf } from "../yealinkXml";

interface Feed {
  format: string;
  contentType: string;
  entryOf: (contact: Contact) => string;
  header?: string;
  footer?: string;
}

const FEEDS: Record<string, Feed> = {
  "/phonebook.vcf": { format: "vcard", contentType: "text/vcard; charset=utf-8", entryOf: vcardOf },
  "/phonebook/yealink.xml": {
    format: "yealink",
    contentType: "application/xml; charset=utf-8",
    entryOf: yealinkEntryOf,
    header: YEALINK_HEADER,
    footer: YEALINK_FOOTER,
  },
};

/**
 * Phonebooks desk phones poll. `ETag` + `If-None-Match`: when nothing changed the answer is a 304
 * from the cached directory version (no rows read); otherwise the feed streams from one snapshot
 * whose version is its ETag.
 */
export const phonebookRoutes: FastifyPluginAsync = async (app) => {
  for (const [url, feed] of Object.entries(FEEDS)) {
    app.get(url, { schema: { response: protectedErrorResponses } }, (request, reply) =>
      serveFeed(request, reply, feed),
    );
  }

  async function serveFeed(request: FastifyRequest, reply: FastifyReply, feed: Feed) {
    const tenantId = request.caller!.tenantId;
    const tenant = app.serve.directory.tenant(tenantId);
    reply.header("cache-control", "private, no-cache");
    const current = feedEtag(tenantId, feed.format, await tenant.version());
    if (ifNoneMatchHits(request.headers["if-none-match"], current)) {
      return reply.code(304).header("etag", current).send();
    }
    const snapshot = await tenant.snapshot();
    return reply
      .code(200)
      .header("etag", feedEtag(tenantId, feed.format, snapshot.version))
      .type(feed.contentType)
      .send(feedStream(snapshot.contacts, feed.entryOf, feed.header, feed.footer));
  }
};
