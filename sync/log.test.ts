import { PassThrough } from "node:stream";
import { createLogger, REDACTED } from "./log";

function capture(log: (logger: ReturnType<typeof createLogger>) => void): string {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  log(createLogger({ destination: stream, level: "debug" }));
  return chunks.join("");
}

describe("createLogger", () => {
  it.each([
    ["settings", { clientSecret: "S3cret-value-1" }],
    ["nested settings", { settings: { clientSecret: "S3cret-value-1" } }],
    ["request headers", { req: { headers: { authorization: "Bearer S3cret-value-1" } } }],
    ["token response", { response: { access_token: "S3cret-value-1" } }],
    ["credentials object", { credentials: { anything: "S3cret-value-1" } }],
    ["error config", { err: { config: { data: "client_secret=S3cret-value-1" } } }],
  ])("redacts the secret in %s", (_name, payload) => {
    const output = capture((logger) => logger.info(payload, "something happened"));
    expect(output).toContain("something happened");
    expect(output).toContain(REDACTED);
    expect(output).not.toContain("S3cret-value-1");
  });

  it("keeps ordinary fields", () => {
    const output = JSON.parse(capture((logger) => logger.info({ runId: "r1", pages: 3 }, "done"))) as Record<
      string,
      unknown
    >;
    expect(output).toMatchObject({ runId: "r1", pages: 3, msg: "done", name: "entra-replicator" });
  });
});
