/** Limits shared by the server's validation and the web forms, so both agree. */
export const LOCRIT_NAME_MAX_LENGTH = 64;
export const LOCRIT_DESCRIPTION_MAX_LENGTH = 4_000;
export const LOCRIT_PERSONALITY_MAX_LENGTH = 32_000;
/** Default size limit of one chat message, in bytes of UTF-8 (configurable on the server). */
export const DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024;
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
export const SESSION_TITLE_MAX_LENGTH = 200;
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 500;
