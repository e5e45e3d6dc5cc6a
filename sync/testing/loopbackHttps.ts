/**
 * A throwaway HTTPS server on 127.0.0.1 with the stand-in's test certificate, for tests that need the
 * real Graph client or credential to talk to something that answers exactly as the test says.
 */
import fs from "node:fs";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";

const TLS_DIR = path.join(__dirname, "..", "..", "standin", "tls");

export type LoopbackHandler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

export interface LoopbackServer {
  /** e.g. "https://127.0.0.1:41234" (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startLoopbackHttps(handler: LoopbackHandler): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = https.createServer(
    {
      cert: fs.readFileSync(path.join(TLS_DIR, "server.pem")),
      key: fs.readFileSync(path.join(TLS_DIR, "server-key.pem")),
    },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => handler(request, response, Buffer.concat(chunks).toString("utf8")));
    },
  );
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers a JSON body with the given status and headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
