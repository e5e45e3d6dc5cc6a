/**
 * The one app registration the stand-in's tenant knows: its client id, current secret and the application
 * roles admin consent granted it (what ends up in the token's `roles` claim).
 */
export class AppRegistration {
  private secret: string;
  private secretExpired = false;
  private grantedRoles: string[];

  constructor(
    readonly tenantId: string,
    readonly clientId: string,
    clientSecret: string,
    roles: readonly string[],
  ) {
    this.secret = clientSecret;
    this.grantedRoles = [...roles];
  }

  get roles(): string[] {
    return [...this.grantedRoles];
  }

  setRoles(roles: readonly string[]): void {
    this.grantedRoles = [...roles];
  }

  /** Replaces the secret (a rotation); the new one is valid. */
  setClientSecret(secret: string): void {
    if (secret === "") throw new Error("setClientSecret: the secret must not be empty");
    this.secret = secret;
    this.secretExpired = false;
  }

  /** The current secret passes its end date: presenting it now fails with AADSTS7000222. */
  expireClientSecret(): void {
    this.secretExpired = true;
  }

  checkSecret(presented: string): "valid" | "expired" | "wrong" {
    if (presented !== this.secret) return "wrong";
    return this.secretExpired ? "expired" : "valid";
  }
}
