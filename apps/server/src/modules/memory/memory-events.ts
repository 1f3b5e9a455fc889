import { memoryDisabled } from "../../errors/errors.js";
import type { MemoryUpdatedPayload } from "@locrit/protocol";
import type { EventBus } from "../../lib/event-bus.js";
import type { LocritRow } from "../../storage/repositories/locrit.repository.js";
import type { MessageRow } from "../../storage/repositories/message.repository.js";

/** Tells listeners (the Memory Explorer through socket.io, the plaintext files) what changed, after commit. */
export function publishMemoryUpdated(
  events: EventBus,
  locrit: LocritRow,
  change: Omit<MemoryUpdatedPayload, "locrit_name">,
): void {
  events.publish("memory_updated", { locrit_name: locrit.name, ...change });
}

export function publishMessageWritten(
  events: EventBus,
  locrit: LocritRow,
  action: "updated" | "deleted",
  message: MessageRow,
): void {
  events.publish("message_written", {
    locritId: locrit.id,
    locritName: locrit.name,
    memoryService: locrit.memory_service,
    action,
    message,
  });
  publishMemoryUpdated(events, locrit, { kind: "message", action, id: message.id, session_id: message.session_id });
}

/**
 * A Locrit whose memory is `disabled` stores nothing new: what it stored before stays readable
 * and can be deleted (forgetting is always allowed), but not added to or edited.
 */
export function assertMemoryWritable(locrit: LocritRow): void {
  if (locrit.memory_service === "disabled") {
    throw memoryDisabled(
      `Memory is disabled for '${locrit.name}': nothing new is stored, and what was stored before is read-only (it can still be deleted).`,
    );
  }
}

export { memoryNotFound, messageNotFound, sessionNotFound } from "../../errors/errors.js";
