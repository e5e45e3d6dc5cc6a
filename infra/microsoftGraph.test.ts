import { adminConsentUrl, appRoleIdOf } from "./microsoftGraph";

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
});
