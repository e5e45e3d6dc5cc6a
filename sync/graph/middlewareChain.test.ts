import { Client, GraphError, type AuthenticationProvider } from "@microsoft/microsoft-graph-client";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { ExitCode, ReplicatorError } from "../errors";
import type { EndpointContext } from "../identity/identityErrors";
import { explainGraphError } from "./graphErrors";
import { sendJson, startLoopbackHttps, type LoopbackServer } from "../testing/loopbackHttps";
import { createMiddlewareChain, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./middlewareChain";

type Answer = (request: IncomingMessage, response: ServerResponse) => void;
interface SeenRequest {
  at: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}
interface RetrySeen {
  attempt: number;
  status: number | null;
  delayMs: number;
  url: string;
}

const TOKEN = "test-access-token";
const authProvider: AuthenticationProvider = { getAccessToken: async () => TOKEN };
/** Tiny delays: the backoff maths is table-tested in retryPolicy.test.ts; here only the wiring. */
const FAST: RetryPolicy = { maxRetries: 3, delaySeconds: 0.01, maxDelaySeconds: 5 };
const PAGE = {
  value: [{ id: "u1", displayName: "Ada" }],
  "@odata.deltaLink": "https://x/delta?$deltatoken=t",
};

let server: LoopbackServer;
let answers: Answer[] = [];
let seen: SeenRequest[] = [];

beforeAll(async () => {
  server = await startLoopbackHttps((request, response) => {
    seen.push({
      at: Date.now(),
      method: request.method ?? "",
      url: request.url ?? "",
      headers: request.headers,
    });
    const answer =
      answers.shift() ?? ((_request, res) => sendJson(res, 500, { error: { code: "unscripted" } }));
    answer(request, response);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  answers = [];
  seen = [];
});

function clientFor(
  options: { retry?: Partial<RetryPolicy>; throttlePriority?: "low"; baseUrl?: string } = {},
) {
  const retries: RetrySeen[] = [];
  const client = Client.initWithMiddleware({
    middleware: createMiddlewareChain({
      authProvider,
      retry: options.retry ?? FAST,
      ...(options.throttlePriority === undefined ? {} : { throttlePriority: options.throttlePriority }),
      onRetry: (info) => retries.push(info),
    }),
    baseUrl: options.baseUrl ?? server.url,
    customHosts: new Set(["127.0.0.1"]),
    defaultVersion: "v1.0",
  });
  return { client, retries };
}

const ok: Answer = (_request, response) => sendJson(response, 200, PAGE);
const status =
  (code: number, headers: Record<string, string> = {}): Answer =>
  (_request, response) =>
    sendJson(
      response,
      code,
      { error: { code: code === 429 ? "TooManyRequests" : "ServiceUnavailable", message: "busy" } },
      headers,
    );
const resetConnection: Answer = (request) => request.socket.destroy();
const truncatedBody: Answer = (request, response) => {
  const full = JSON.stringify(PAGE);
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(full) });
  response.write(full.slice(0, 20));
  setTimeout(() => request.socket.destroy(), 20);
};
const truncatedChunkedBody: Answer = (request, response) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.write(JSON.stringify(PAGE).slice(0, 20));
  setTimeout(() => request.socket.destroy(), 20);
};

const context = (graphEndpoint: string): EndpointContext => ({
  tenantId: "t",
  clientId: "c",
  authorityHost: "https://login.microsoftonline.com",
  graphEndpoint,
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (error: unknown) => error,
  );
}

describe("createMiddlewareChain against a real HTTPS server", () => {
  it("retries a 429 after the Retry-After seconds", async () => {
    answers = [status(429, { "retry-after": "1" }), ok];
    const { client, retries } = clientFor();
    expect(await client.api("/users/delta").get()).toEqual(PAGE);
    expect(retries).toEqual([
      { attempt: 1, status: 429, delayMs: 1000, url: `${server.url}/v1.0/users/delta` },
    ]);
    expect(seen).toHaveLength(2);
    expect((seen[1] as SeenRequest).at - (seen[0] as SeenRequest).at).toBeGreaterThanOrEqual(950);
    expect((seen[1] as SeenRequest).headers["retry-attempt"]).toBe("1");
  });

  it("retries a 429 after a Retry-After HTTP-date, measured against the server's clock", async () => {
    // The server's clock is an hour behind ours: against the local clock (as Graph's RetryHandler
    // measures) this date is long past and the retry would fire at once, straight into the throttle.
    const serverNow = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
    const headers = {
      date: new Date(serverNow).toUTCString(),
      "retry-after": new Date(serverNow + 1000).toUTCString(),
    };
    answers = [status(429, headers), ok];
    const { client, retries } = clientFor();
    expect(await client.api("/users/delta").get()).toEqual(PAGE);
    expect(retries).toEqual([
      { attempt: 1, status: 429, delayMs: 1000, url: `${server.url}/v1.0/users/delta` },
    ]);
    expect((seen[1] as SeenRequest).at - (seen[0] as SeenRequest).at).toBeGreaterThanOrEqual(950);
  });

  it("retries 503 and 504 with jittered exponential backoff", async () => {
    answers = [status(503), status(504), ok];
    const { client, retries } = clientFor();
    expect(await client.api("/users/delta").get()).toEqual(PAGE);
    expect(retries.map(({ attempt, status: code }) => ({ attempt, status: code }))).toEqual([
      { attempt: 1, status: 503 },
      { attempt: 2, status: 504 },
    ]);
    // base 10 ms × 2^(attempt−1), half of it jittered
    expect((retries[0] as RetrySeen).delayMs).toBeGreaterThanOrEqual(5);
    expect((retries[0] as RetrySeen).delayMs).toBeLessThanOrEqual(10);
    expect((retries[1] as RetrySeen).delayMs).toBeGreaterThanOrEqual(10);
    expect((retries[1] as RetrySeen).delayMs).toBeLessThanOrEqual(20);
    expect(seen).toHaveLength(3);
  });

  it("fails cleanly with the last status when the retries run out", async () => {
    answers = [status(429, { "retry-after": "0" }), status(429), status(429)];
    const { client, retries } = clientFor({ retry: { ...FAST, maxRetries: 2 } });
    const error = await failure(client.api("/users/delta").get());
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).statusCode).toBe(429);
    expect(seen).toHaveLength(3);
    expect(retries.map((retry) => retry.attempt)).toEqual([1, 2]);
    const explained = explainGraphError(error, context(server.url));
    expect({ code: explained?.code, exitCode: explained?.exitCode }).toEqual({
      code: "graph-throttled",
      exitCode: ExitCode.Unavailable,
    });
  });

  it("retries a connection reset before any answer", async () => {
    answers = [resetConnection, ok];
    const { client, retries } = clientFor();
    expect(await client.api("/users/delta").get()).toEqual(PAGE);
    expect(retries).toEqual([
      { attempt: 1, status: null, delayMs: expect.any(Number), url: `${server.url}/v1.0/users/delta` },
    ]);
    expect(seen).toHaveLength(2);
  });

  it.each([
    ["shorter than its Content-Length", truncatedBody],
    ["chunked and cut off", truncatedChunkedBody],
  ])("retries a body %s", async (_case, truncated) => {
    answers = [truncated, ok];
    const { client, retries } = clientFor();
    expect(await client.api("/users/delta").get()).toEqual(PAGE);
    expect(retries.map(({ attempt, status: code }) => ({ attempt, status: code }))).toEqual([
      { attempt: 1, status: null },
    ]);
    expect(seen).toHaveLength(2);
  });

  it("names the URL and the reason when a dropped connection outlasts the retries", async () => {
    answers = [resetConnection, resetConnection, resetConnection];
    const { client, retries } = clientFor({ retry: { ...FAST, maxRetries: 2 } });
    const error = await failure(client.api("/users/delta").query({ $deltatoken: "abc" }).get());
    expect(retries).toHaveLength(2);
    expect(seen).toHaveLength(3);
    const explained = explainGraphError(error, context(server.url)) as ReplicatorError;
    expect(explained.toJSON()).toEqual({
      code: "graph-unreachable",
      field: "graphEndpoint",
      exitCode: ExitCode.Unavailable,
      message: expect.stringMatching(
        new RegExp(
          `^Could not reach Microsoft Graph at ${server.url}/v1\\.0/users/delta: .+ \\(3 attempts\\)\\.$`,
        ),
      ),
      fix: "Check GRAPH_ENDPOINT / --graph-endpoint (or --cloud) and the network or proxy, then run again.",
    });
  });

  it("names the URL and ECONNREFUSED when nothing listens", async () => {
    const closed = await startLoopbackHttps(() => undefined);
    await closed.close();
    const { client, retries } = clientFor({ retry: { ...FAST, maxRetries: 1 }, baseUrl: closed.url });
    const error = await failure(client.api("/users").get());
    expect(retries).toHaveLength(1);
    expect(explainGraphError(error, context(closed.url))?.message).toBe(
      `Could not reach Microsoft Graph at ${closed.url}/v1.0/users: connection refused: nothing is listening at that address (ECONNREFUSED) (2 attempts).`,
    );
  });

  it("does not resend a POST whose connection dropped", async () => {
    answers = [resetConnection, ok];
    const { client, retries } = clientFor();
    const error = await failure(client.api("/users").post({ displayName: "x" }));
    expect(retries).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(explainGraphError(error, context(server.url))?.message).toMatch(/\(1 attempt\)\.$/);
  });

  it("sends the token and, for background runs, x-ms-throttle-priority: low on every attempt", async () => {
    answers = [status(503), ok];
    const { client } = clientFor({ throttlePriority: "low" });
    await client.api("/users/delta").get();
    expect(seen.map((request) => request.headers["x-ms-throttle-priority"])).toEqual(["low", "low"]);
    expect(seen.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
  });

  it("sends no throttle-priority header unless asked", async () => {
    answers = [ok];
    await clientFor().client.api("/users/delta").get();
    expect(seen[0]?.headers["x-ms-throttle-priority"]).toBeUndefined();
  });

  it("passes non-retryable answers through untouched", async () => {
    answers = [
      (_request, response) =>
        sendJson(response, 403, {
          error: { code: "Authorization_RequestDenied", message: "Insufficient privileges" },
        }),
    ];
    const { client, retries } = clientFor();
    const error = (await failure(client.api("/users/delta").get())) as GraphError;
    expect({ status: error.statusCode, code: error.code }).toEqual({
      status: 403,
      code: "Authorization_RequestDenied",
    });
    expect(retries).toEqual([]);
    expect(seen).toHaveLength(1);
  });
});

describe("createMiddlewareChain options", () => {
  it("defaults to 5 retries, 2 s backoff base and a 120 s cap", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxRetries: 5, delaySeconds: 2, maxDelaySeconds: 120 });
  });

  it("refuses an invalid retry policy with the field named", () => {
    expect(() => createMiddlewareChain({ authProvider, retry: { maxRetries: 50 } })).toThrow(
      "retry.maxRetries is 50; it must be a whole number from 0 to 10.",
    );
  });
});
