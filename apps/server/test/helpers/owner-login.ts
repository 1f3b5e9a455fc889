import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { TestApp } from "./test-app.js";

export const OWNER_PASSWORD = "correct horse battery staple";

/** `locrit_session=<value>` from a response's Set-Cookie, ready for a Cookie header. */
export function sessionCookieOf(response: { headers: Record<string, unknown> }): string {
  const header = response.headers["set-cookie"];
  const line = (Array.isArray(header) ? header : [header]).find(
    (value): value is string => typeof value === "string" && value.startsWith("locrit_session="),
  );
  if (line === undefined) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return line.split(";")[0]!;
}

/** First run through the API: a setup token (as printed at start) sets the password; returns the owner's cookie. */
export async function setUpOwner(harness: TestApp, password = OWNER_PASSWORD): Promise<string> {
  const setupToken = await harness.app.ownerAuth.createSetupToken();
  const answer = await harness.app.inject({
    method: "POST",
    url: "/api/auth/setup",
    payload: { setup_token: setupToken, password },
  });
  expect(answer.statusCode, answer.body).toBe(200);
  return sessionCookieOf(answer);
}

/** An API token made by the owner (cookie): its value and id. */
export async function createApiToken(
  harness: TestApp,
  cookie: string,
  body: { name: string; role: "owner" | "program" | "locrit"; expires_at?: string },
): Promise<{ token: string; id: string }> {
  const answer: LightMyRequestResponse = await harness.app.inject({
    method: "POST",
    url: "/api/tokens",
    headers: { cookie },
    payload: body,
  });
  expect(answer.statusCode, answer.body).toBe(201);
  const created = answer.json<{ token: string; api_token: { id: string } }>();
  return { token: created.token, id: created.api_token.id };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
