/**
 * Removes credentials from free text before it reaches a message, a log line or a stored record.
 * Library errors can echo request or response bodies (@azure/identity puts the token endpoint's answer
 * into its messages), so every text that came from outside is scrubbed, not trusted.
 */

const REDACTED = "[REDACTED]";

const SECRET_PATTERNS: readonly RegExp[] = [
  // form-encoded or query-string credentials: client_secret=…&, access_token=…
  /\b(client_secret|client_assertion|access_token|refresh_token|id_token|password|assertion)=[^&\s"']+/gi,
  // JSON credentials: "client_secret":"…", "clientSecret": "…", "access_token":"…"
  /("(?:client_?secret|clientSecret|client_assertion|access_?token|accessToken|refresh_?token|password|secret)"\s*:\s*")[^"]*(")/gi,
  // Authorization header values
  /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g,
  // JSON Web Tokens (access tokens, client assertions)
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  // Entra client secret values: three characters, a digit, a letter, "~", then ~34 characters ("abc8Q~…")
  /[A-Za-z0-9_.-]{3}\d[A-Za-z]~[A-Za-z0-9_.~-]{30,40}/g,
];

const rememberedSecrets = new Set<string>();

/**
 * A secret learnt at run time (a client secret read from Key Vault): from now on every scrub in this
 * process removes it too — messages built anywhere, CLI output, recorded runs — without each caller
 * having to be handed the value.
 */
export function rememberSecret(secret: string): void {
  rememberedSecrets.add(secret);
}

/** Returns `text` with credential-looking substrings, every `knownSecrets` value and every remembered one replaced. */
export function scrubSecrets(text: string, knownSecrets: readonly (string | undefined)[] = []): string {
  let scrubbed = text;
  for (const secret of [...knownSecrets, ...rememberedSecrets]) {
    // Very short values would blank out ordinary words; a real secret is never this short.
    if (secret !== undefined && secret.length >= 6) scrubbed = scrubbed.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) {
    scrubbed = scrubbed.replace(pattern, (match, ...groups: unknown[]) => {
      const [first, second] = groups;
      if (typeof first === "string" && typeof second === "string" && first.startsWith('"')) {
        return `${first}${REDACTED}${second}`;
      }
      if (typeof first === "string" && /^(Bearer|Basic)$/.test(first)) return `${first} ${REDACTED}`;
      if (typeof first === "string") return `${first}=${REDACTED}`;
      return REDACTED;
    });
  }
  return scrubbed;
}
