/**
 * The value of cookie `name` in a Cookie header, or undefined when it is absent or empty. Values are
 * taken as sent (the server's own cookies are base64url, so they need no decoding).
 */
export function cookieValueOf(cookieHeader: string | undefined, name: string): string | undefined {
  for (const pair of (cookieHeader ?? "").split(";")) {
    const separator = pair.indexOf("=");
    if (separator > 0 && pair.slice(0, separator).trim() === name) {
      const value = pair.slice(separator + 1).trim();
      return value === "" ? undefined : value;
    }
  }
  return undefined;
}
