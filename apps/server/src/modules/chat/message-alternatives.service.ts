import { messageInactive, messageNotFound } from "../../errors/errors.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { Database } from "../../storage/database.js";
import { createRepositories, inTransaction } from "../../storage/repositories/index.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { assertMemoryWritable, publishMessageWritten } from "../memory/memory-events.js";

/**
 * Paging through a message's alternatives (SPEC §2): activating one puts it, and the turns that followed
 * it when it was replaced, back into the conversation; the alternative shown until then leaves it with
 * its own later turns, kept inactive as its branch. Nothing is deleted.
 */
export class MessageAlternatives {
  constructor(
    private readonly dependencies: {
      db: Database;
      events: EventBus;
      locrits: LocritService;
      /** The session's turn order (ChatService.inTurnOrder): a switch waits for the running reply to end. */
      inTurnOrder?: <T>(locritName: string, sessionId: string, work: () => Promise<T>) => Promise<T>;
    },
  ) {}

  /** Activates message `id` of Locrit `name`; an active message is left as it is. */
  async activate({ name, id }: { name: string; id: string }): Promise<MessageRow> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    assertMemoryWritable(locrit);
    const found = await createRepositories(this.dependencies.db).messages.findById(locrit.id, id);
    if (!found) throw messageNotFound(id);
    const switching = () => this.switchTo(locrit.id, id);
    const { inTurnOrder } = this.dependencies;
    const { message, changed } = await (inTurnOrder
      ? inTurnOrder(locrit.name, found.session_id, switching)
      : switching());
    for (const row of changed) publishMessageWritten(this.dependencies.events, locrit, "updated", row);
    return message;
  }

  private switchTo(locritId: string, id: string): Promise<{ message: MessageRow; changed: MessageRow[] }> {
    return inTransaction(this.dependencies.db, async (repositories) => {
      const target = await repositories.messages.findById(locritId, id);
      if (!target) throw messageNotFound(id);
      if (target.active) return { message: target, changed: [] };
      const shown = (await repositories.messages.alternativesOf(locritId, id)).find((row) => row.active);
      // An alternative inside a branch that is not shown: its branch's first message is activated first.
      if (!shown) throw messageInactive(id);
      const deactivated = await repositories.messages.deactivate(locritId, shown.id, {
        sessionId: shown.session_id,
        seq: shown.seq,
      });
      const activated = await repositories.messages.activate(locritId, id);
      await repositories.sessions.adjustCount(locritId, target.session_id, activated.length - deactivated.length);
      return { message: { ...target, active: true }, changed: [...deactivated, ...activated] };
    });
  }
}
