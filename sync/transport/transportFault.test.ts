import {
  describeTransportFault,
  parseTransportFaultMessage,
  TransportFaultError,
  withoutQuery,
} from "./transportFault";

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("describeTransportFault", () => {
  it.each([
    [
      "connection refused",
      new TypeError("fetch failed", { cause: coded("ECONNREFUSED") }),
      "ECONNREFUSED",
      true,
    ],
    ["connection reset", new TypeError("fetch failed", { cause: coded("ECONNRESET") }), "ECONNRESET", true],
    [
      "body cut off",
      new TypeError("terminated", { cause: coded("UND_ERR_SOCKET", "other side closed") }),
      "UND_ERR_SOCKET",
      true,
    ],
    ["body cut off, uncoded", new TypeError("terminated"), "UND_ERR_SOCKET", true],
    ["DNS failure", new TypeError("fetch failed", { cause: coded("ENOTFOUND") }), "ENOTFOUND", false],
    [
      "untrusted certificate",
      new TypeError("fetch failed", { cause: coded("SELF_SIGNED_CERT_IN_CHAIN") }),
      "SELF_SIGNED_CERT_IN_CHAIN",
      false,
    ],
    [
      "several addresses refused",
      new TypeError("fetch failed", {
        cause: new AggregateError([coded("ECONNREFUSED"), coded("ECONNREFUSED")]),
      }),
      "ECONNREFUSED",
      true,
    ],
    ["fetch failed without a cause", new TypeError("fetch failed"), "FETCH_FAILED", true],
  ])("%s", (_case, error, code, transient) => {
    expect(describeTransportFault(error)).toEqual({ code, description: expect.any(String), transient });
  });

  it.each([
    [new Error("HTTP 500")],
    [null],
    ["fetch failed"],
    [Object.assign(new Error("x"), { code: "ERR_OTHER" })],
  ])("%p is not a transport fault", (error) => {
    expect(describeTransportFault(error)).toBeNull();
  });
});

describe("TransportFaultError", () => {
  it("round-trips through its message, which is all the Graph client keeps", () => {
    const error = new TransportFaultError("GET", "https://graph.example/v1.0/users/delta", 4, {
      code: "ECONNRESET",
      description: "the connection was reset by the other side",
      transient: true,
    });
    expect(error.message).toBe(
      "GET https://graph.example/v1.0/users/delta failed after 4 attempts: ECONNRESET (the connection was reset by the other side)",
    );
    expect(parseTransportFaultMessage(error.message)).toEqual({
      method: "GET",
      url: "https://graph.example/v1.0/users/delta",
      attempts: 4,
      code: "ECONNRESET",
      description: "the connection was reset by the other side",
    });
  });

  it("does not parse other messages", () => {
    expect(parseTransportFaultMessage("fetch failed")).toBeNull();
  });

  it.each([
    ["https://g/v1.0/users/delta?$deltatoken=abc", "https://g/v1.0/users/delta"],
    ["https://g/v1.0/users#x", "https://g/v1.0/users"],
    ["https://g/v1.0/users", "https://g/v1.0/users"],
  ])("withoutQuery(%s)", (url, expected) => {
    expect(withoutQuery(url)).toBe(expected);
  });
});
