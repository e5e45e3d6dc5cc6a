import { decodeTokenRoles, grantsUserRead } from "./tokenRoles";

function token(claims: object): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "RS256", typ: "JWT" })}.${encode(claims)}.signature`;
}

describe("decodeTokenRoles", () => {
  it.each([
    [
      "roles present",
      token({ roles: ["User.Read.All", "Group.Read.All"] }),
      ["User.Read.All", "Group.Read.All"],
    ],
    ["no roles claim", token({ aud: "https://graph.microsoft.com" }), []],
    ["roles not an array", token({ roles: "User.Read.All" }), []],
    ["non-string entries dropped", token({ roles: ["User.Read.All", 7, null] }), ["User.Read.All"]],
    ["not a JWT", "opaque-token", []],
    ["payload not JSON", "a.bm90LWpzb24.c", []],
  ])("%s", (_name, accessToken, expected) => {
    expect(decodeTokenRoles(accessToken)).toEqual(expected);
  });

  it("decodes base64url payloads containing - and _", () => {
    const claims = { roles: ["User.Read.All"], name: "ü?>>>~~~" };
    expect(decodeTokenRoles(token(claims))).toEqual(["User.Read.All"]);
  });
});

describe("grantsUserRead", () => {
  it.each([
    [["User.Read.All"], true],
    [["Directory.Read.All"], true],
    [["User.ReadWrite.All"], true],
    [["User.Read"], false],
    [["Group.Read.All"], false],
    [[], false],
  ])("%j → %s", (roles, expected) => {
    expect(grantsUserRead(roles)).toBe(expected);
  });
});
