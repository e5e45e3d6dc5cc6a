import net from "node:net";

/**
 * A download whose client does not read at all until `finish()` (like a phone on a slow link): the
 * socket is paused before the first byte, so the kernel's receive window stays small and the server
 * is genuinely mid-response. `finish()` reads the rest and decodes the chunked body.
 */
export function startPausedDownload(url: string, key: string): Promise<{ finish(): Promise<string> }> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.pause();
      socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`,
      );
      resolve({
        finish: () =>
          new Promise((done, failed) => {
            const chunks: Buffer[] = [];
            socket.on("data", (chunk: Buffer) => chunks.push(chunk));
            socket.on("end", () => done(dechunk(Buffer.concat(chunks))));
            socket.on("error", failed);
            socket.resume();
          }),
      });
    });
    socket.on("error", reject);
  });
}

/** The body of a `Transfer-Encoding: chunked` HTTP/1.1 200 response. */
function dechunk(response: Buffer): string {
  const headEnd = response.indexOf("\r\n\r\n");
  const head = response.subarray(0, headEnd).toString("latin1");
  expect(head).toMatch(/^HTTP\/1\.1 200 /);
  expect(head.toLowerCase()).toContain("transfer-encoding: chunked");
  const parts: Buffer[] = [];
  let at = headEnd + 4;
  for (;;) {
    const lineEnd = response.indexOf("\r\n", at);
    const size = parseInt(response.subarray(at, lineEnd).toString("latin1"), 16);
    if (size === 0) break;
    parts.push(response.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts).toString("utf8");
}
