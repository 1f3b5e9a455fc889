/** What went wrong with a turn, in words, by the error event's code (SPEC §6). */
const failureWords: Record<string, string> = {
  llm_unavailable: "The model server is not reachable.",
  model_not_found: "The model server does not have this Locrit's model.",
  llm_timeout: "The model took too long to answer.",
  llm_error: "The model server failed to answer.",
  storage_error: "The conversation could not be saved.",
  locrit_inactive: "The Locrit is not active.",
  disconnected: "The message was not sent: no connection to the Locrit server.",
};

export const turnFailureWords = (code: string | undefined) => (code && failureWords[code]) ?? "The reply failed.";

/** How to get past a failure, when the user can do something about it. */
export const turnFailureHints: Record<string, string> = {
  llm_unavailable: "Start the model server, or point this Locrit at another one in its settings.",
  model_not_found: "Choose a model this server has in the Locrit's settings.",
  llm_timeout: "The model took too long to answer. Try again, or pick a smaller model.",
};
