import { createHash } from "node:crypto";

/** A strong ETag for one tenant's feed in one format at one directory version. */
export function feedEtag(tenantId: string, format: string, version: string): string {
  const digest = createHash("sha256").update(`${tenantId}\0${format}\0${version}`).digest("base64url");
  return `"${format}-${digest.slice(0, 27)}"`;
}

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison; `*` matches any current representation. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => {
    const tag = candidate.trim();
    return tag === "*" || tag.replace(/^W\//, "") === opaque;
  });
}
