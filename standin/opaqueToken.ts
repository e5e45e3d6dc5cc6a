import { createHmac } from "node:crypto";

/**
 * `$skiptoken` / `$deltatoken` values: state encoded into the URL, as Graph does, with a MAC so a client
 * cannot forge or edit one. Clients must treat them as opaque.
 */
export class OpaqueTokenCodec {
  constructor(private readonly key: Buffer) {}

  encode(state: object): string {
    const body = Buffer.from(JSON.stringify(state)).toString("base64url");
    return `${body}.${this.mac(body)}`;
  }

  /** The state, or null when the token was not issued by this codec or was altered. */
  decode<T>(token: string): T | null {
    const dot = token.lastIndexOf(".");
    if (dot < 0) return null;
    const body = token.slice(0, dot);
    if (token.slice(dot + 1) !== this.mac(body)) return null;
    try {
      return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as T;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac("sha256", this.key).update(body).digest("base64url").slice(0, 16);
  }
}
