import { adminConsentUrl, appRoleIdOf, loginHostOfEnvironment } from "./microsoftGraph";

describe("appRoleIdOf", () => {
  it("picks the application permission's id", () => {
    expect(appRoleIdOf({ "User.Read.All": "df021288-bdef-4463-88db-98f22de89214" }, "User.Read.All")).toBe(
      "df021288-bdef-4463-88db-98f22de89214",
    );
  });

  it("names the missing role", () => {
    expect(() =>
      appRoleIdOf({ "Mail.Read": "810c84a8-4a9e-49e6-bf7d-12d183f40d01" }, "User.Read.All"),
    ).toThrow(
      "Microsoft Graph's service principal in this tenant has no app role User.Read.All (it has 1 others). Check Enterprise applications → Microsoft Graph, or ask Microsoft support; the stack cannot request the permission without it.",
    );
  });
});

describe("adminConsentUrl", () => {
  it("is the tenant's admin-consent endpoint for the client", () => {
    expect(adminConsentUrl("t-1", "c-2")).toBe(
      "https://login.microsoftonline.com/t-1/adminconsent?client_id=c-2",
    );
  });

  it("uses the sign-in host of the tenant's national cloud when given", () => {
    expect(adminConsentUrl("t-1", "c-2", "login.microsoftonline.us")).toBe(
      "https://login.microsoftonline.us/t-1/adminconsent?client_id=c-2",
    );
  });
});

describe("loginHostOfEnvironment", () => {
  it.each([
    [undefined, "login.microsoftonline.com"],
    ["", "login.microsoftonline.com"],
    ["global", "login.microsoftonline.com"],
    ["public", "login.microsoftonline.com"],
    ["usgovernment", "login.microsoftonline.us"],
    ["usgovernmentl4", "login.microsoftonline.us"],
    ["USGovernmentL5", "login.microsoftonline.us"],
    ["dod", "login.microsoftonline.us"],
    ["china", "login.chinacloudapi.cn"],
  ])("maps azuread:environment %p to %s", (environment, host) => {
    expect(loginHostOfEnvironment(environment)).toBe(host);
  });

  it("names the key and the fix for a value the provider does not know", () => {
    expect(() => loginHostOfEnvironment("germany")).toThrow(
      "azuread:environment is 'germany', which the azuread provider does not know. Fix: pulumi config set azuread:environment global (or public, usgovernment, usgovernmentl4, usgovernmentl5, dod, china), or remove it for the public cloud.",
    );
  });
});
