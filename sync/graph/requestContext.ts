/**
 * Reading and writing the request of a Graph middleware `Context`, whose headers may be a plain
 * object (what GraphRequest builds), a `Headers`, an array of pairs, or live on a `Request`.
 */
import type { Context } from "@microsoft/microsoft-graph-client";

export function requestUrl(context: Context): string {
  return typeof context.request === "string" ? context.request : context.request.url;
}

export function requestMethod(context: Context): string {
  const method = typeof context.request === "string" ? context.options?.method : context.request.method;
  return (method ?? "GET").toUpperCase();
}

export function getRequestHeader(context: Context, name: string): string | null {
  if (typeof context.request !== "string") return context.request.headers.get(name);
  const headers = context.options?.headers;
  if (headers === undefined) return null;
  if (headers instanceof Headers) return headers.get(name);
  const wanted = name.toLowerCase();
  const pairs = (Array.isArray(headers) ? headers : Object.entries(headers)) as [string, unknown][];
  const value = pairs.find(([key]) => key.toLowerCase() === wanted)?.[1];
  return value === undefined || value === null ? null : String(value);
}

export function setRequestHeader(context: Context, name: string, value: string): void {
  if (typeof context.request !== "string") {
    context.request.headers.set(name, value);
    return;
  }
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers === undefined) {
    options.headers = { [name]: value };
  } else if (headers instanceof Headers) {
    headers.set(name, value);
  } else if (Array.isArray(headers)) {
    const wanted = name.toLowerCase();
    const existing = headers.find((pair) => pair[0]?.toLowerCase() === wanted);
    if (existing === undefined) headers.push([name, value]);
    else existing[1] = value;
  } else {
    const record = headers as Record<string, string>;
    for (const key of Object.keys(record)) if (key.toLowerCase() === name.toLowerCase()) delete record[key];
    record[name] = value;
  }
}
