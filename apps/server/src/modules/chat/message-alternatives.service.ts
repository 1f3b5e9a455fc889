import { messageInactive, messageNotFound } from "../../errors/errors.js";
import type { EventBus } from "../../lib/event-bus.js";
import type { Database } from "../../storage/database.js";
import { inTransaction } from "../../storage/repositories/index.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";
import type { LocritService } from "../locrits/locrits.service.js";
import { assertMemoryWritable, publishMessageWritten } from "../memory/memory-events.js";

/**
 * Paging through a message's alternatives (SPEC §2): activating one puts it, and the turns that followed
 * it when it was replaced, back into the conversation; the alternative shown until then leaves it with
 * its own later turns, kept inactive as its branch. Nothing is deleted.
 */
export class MessageAlternatives {
  constructor(private readonly dependencies: { db: Database; events: EventBus; locrits: LocritService }) {}

  /** Activates message `id` of Locrit `name`; an active message is left as it is. */
  async activate({ name, id }: { name: string; id: string }): Promise<MessageRow> {
    const locrit = await this.dependencies.locrits.getLocrit(name);
    assertMemoryWritable(locrit);
    const { message, changed } = await inTransaction(this.dependencies.db, async (repositories) => {
      const target = await repositories.messages.findById(locrit.id, id);
      if (!target) throw messageNotFound(id);
      if (target.active) return { message: target, changed: [] };
      const shown = (await repositories.messages.alternativesOf(locrit.id, id)).find((row) => row.active);
      // An alternative inside a branch that is not shown: its branch's first message is activated first.
      if (!shown) throw messageInactive(id);
      const deactivated = await repositories.messages.deactivate(locrit.id, shown.id, {
        sessionId: shown.session_id,
        seq: shown.seq,
      });
      const activated = await repositories.messages.activate(locrit.id, id);
      await repositories.sessions.adjustCount(locrit.id, target.session_id, activated.length - deactivated.length);
      return { message: { ...target, active: true }, changed: [...deactivated, ...activated] };
    });
    for (const row of changed) publishMessageWritten(this.dependencies.events, locrit, "updated", row);
    return message;
  }
}
