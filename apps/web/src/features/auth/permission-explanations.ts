import type { AccessTo, OpenTo } from "@locrit/protocol";

/**
 * What each switch of a Locrit's settings lets others do (SPEC §8.2), in one line each. `invitations`
 * and `platform` come from the original system, which promised them; this server does not use them.
 */
export const openToExplanations: Record<keyof OpenTo, string> = {
  humans: "Programs and people with a program token can chat with it (through /api/v1 and the models API).",
  locrits: "Other Locrits, with a locrit token, can chat with it.",
  invitations: "Kept from the original system; nothing on this server uses it yet.",
  internet:
    "Anyone can chat with it on its public page, without logging in, each visitor in a conversation of their own.",
  platform: "Kept from the original system; nothing on this server uses it yet.",
};

/** What a caller let in through an open door may read; the owner always reads everything. */
export const accessToExplanations: Record<keyof AccessTo, string> = {
  logs: "Callers it lets in can read the messages of their own conversations with it, never yours or others'.",
  quick_memory: "Callers it lets in can see its memory statistics: how many messages, sessions and memories, and when.",
  full_memory: "Callers it lets in can read its memory, read only, limited to their own conversations.",
  llm_info: "Callers it lets in can see which model it runs.",
};
