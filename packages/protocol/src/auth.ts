import { z } from "zod";

/** Owner login and API tokens (SPEC §8.1). */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1_024;
export const API_TOKEN_NAME_MAX_LENGTH = 64;

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `password must be at most ${PASSWORD_MAX_LENGTH} characters`);

export const authSetupBodySchema = z.object({ setup_token: z.string().min(1).max(256), password: passwordSchema });
export type AuthSetupBody = z.infer<typeof authSetupBodySchema>;

// Any length is checked (a wrong one simply fails): the rules apply when a password is set.
export const authLoginBodySchema = z.object({ password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });
export type AuthLoginBody = z.infer<typeof authLoginBodySchema>;

export const callerKindSchema = z.enum(["owner", "program", "locrit", "visitor"]);
export type CallerKind = z.infer<typeof callerKindSchema>;

/** Who the server takes the caller for, and whether login is on. */
export const authMeResponseSchema = z.object({
  success: z.literal(true),
  /** `single-user`: loopback HOST and no password, every local caller is the owner; `login`: credentials needed. */
  mode: z.enum(["single-user", "login"]),
  password_set: z.boolean(),
  authenticated: z.boolean(),
  caller: z.object({
    kind: callerKindSchema,
    /** How the caller proved it: none (single-user or visitor), a login session, or an API token. */
    via: z.enum(["single-user", "session", "token", "none"]),
    token_name: z.string().optional(),
  }),
});
export type AuthMeResponse = z.infer<typeof authMeResponseSchema>;

export const authOkResponseSchema = z.object({ success: z.literal(true) });

export const apiTokenRoleSchema = z.enum(["owner", "program", "locrit"]);
export type ApiTokenRole = z.infer<typeof apiTokenRoleSchema>;

export const apiTokenCreateBodySchema = z.object({
  name: z.string().trim().min(1).max(API_TOKEN_NAME_MAX_LENGTH),
  role: apiTokenRoleSchema,
  /** ISO-8601; none: the token never expires. */
  expires_at: z.iso.datetime({ offset: true }).optional(),
});
export type ApiTokenCreateBody = z.infer<typeof apiTokenCreateBodySchema>;

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: apiTokenRoleSchema,
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** The token itself is in this answer only: it is stored hashed. */
export const apiTokenCreatedResponseSchema = z.object({
  success: z.literal(true),
  token: z.string(),
  api_token: apiTokenSchema,
});
export const apiTokenListResponseSchema = z.object({ success: z.literal(true), tokens: z.array(apiTokenSchema) });
export const apiTokenResponseSchema = z.object({ success: z.literal(true), api_token: apiTokenSchema });
export const apiTokenIdParamsSchema = z.object({ id: z.string().min(1).max(128) });

/** What a non-owner may read of a Locrit over v1 (SPEC §8.2): statistics with `access_to.quick_memory`. */
export const v1MemoryStatisticsResponseSchema = z.object({
  success: z.literal(true),
  locrit_name: z.string(),
  statistics: z.object({
    total_messages: z.number(),
    total_sessions: z.number(),
    total_memories: z.number(),
    first_activity: z.string().nullable(),
    last_activity: z.string().nullable(),
  }),
});
