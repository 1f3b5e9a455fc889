import { nameKeyOf as key } from "../../storage/repositories/locrit.repository.js";

/** The room of one session (the original's `chat_<locrit>_<session>`, case-insensitive on the name). */
export const sessionRoom = (locritName: string, sessionId: string) => `chat_${key(locritName)}_${sessionId}`;

/** The room of everything about one Locrit (memory_updated). */
export const locritRoom = (locritName: string) => `locrit:${key(locritName)}`;

/** socket.io servers whose rooms span processes (the PostgreSQL adapter): members may be elsewhere. */
const sharedRooms = new WeakSet<object>();

/** Marks `io` as sharing its rooms with other processes (set when the PostgreSQL adapter is attached). */
export function markRoomsShared(io: object): void {
  sharedRooms.add(io);
}

/**
 * Whether anyone but `exceptId` may be in `room` of this namespace. One process knows all of a room's
 * members, so an empty room is skipped: its broadcast would encode each chunk of a reply for nobody.
 */
export function mayHaveMembers(
  namespace: { server: object; adapter: { rooms: Map<string, Set<string>> } },
  room: string,
  exceptId?: string,
): boolean {
  if (sharedRooms.has(namespace.server)) return true;
  const members = namespace.adapter.rooms.get(room);
  if (!members) return false;
  return members.size > (exceptId !== undefined && members.has(exceptId) ? 1 : 0);
}
