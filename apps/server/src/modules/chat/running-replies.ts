import type { ChatTurn } from "./chat-turn.js";
import { sessionKeyOf as replyKey } from "./session-key.js";

/** Replies being generated right now, per (Locrit, session): for `chat_resume` and `chat_stop`. */
export class RunningReplies {
  private readonly turns = new Map<string, ChatTurn>();

  add(turn: ChatTurn): void {
    this.turns.set(replyKey(turn.locritKey, turn.sessionId), turn);
  }

  remove(turn: ChatTurn): void {
    const key = replyKey(turn.locritKey, turn.sessionId);
    if (this.turns.get(key) === turn) this.turns.delete(key);
  }

  find(locritName: string, sessionId: string): ChatTurn | undefined {
    return this.turns.get(replyKey(locritName, sessionId));
  }

  all(): ChatTurn[] {
    return [...this.turns.values()];
  }
}
