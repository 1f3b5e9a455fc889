/**
 * Sessions whose history a chat view is following from socket.io chat events right now (a turn is in
 * flight: from the message sent or the first chunk to `chat_complete`). Their stored history is not
 * refetched on `memory_updated` meanwhile: the chunks already say what changes, and the view refetches
 * once when the turn ends. Counted, as two views of one session may follow it at once.
 */
const following = new Map<string, number>();

const keyOf = (locritName: string, sessionId: string) => JSON.stringify([locritName, sessionId]);

/** Marks the session followed until the returned function is called (once). */
export function followHistory(locritName: string, sessionId: string): () => void {
  const key = keyOf(locritName, sessionId);
  following.set(key, (following.get(key) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const count = (following.get(key) ?? 1) - 1;
    if (count > 0) following.set(key, count);
    else following.delete(key);
  };
}

export function isHistoryFollowed(locritName: string, sessionId: string): boolean {
  return following.has(keyOf(locritName, sessionId));
}
