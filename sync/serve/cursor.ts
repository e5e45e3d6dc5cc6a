/** Paging cursors: opaque to clients, the last id of a page underneath (contacts are paged in id order). */
const PREFIX = "c1:";

export function encodeCursor(lastId: string): string {
  return Buffer.from(`${PREFIX}${lastId}`, "utf8").toString("base64url");
}

/** The id after which the next page starts, or null when the cursor is not one of ours. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  return text.startsWith(PREFIX) && text.length > PREFIX.length ? text.slice(PREFIX.length) : null;
}
