import { plural } from "../../lib/format";

const encoder = new TextEncoder();
/** The server counts a message in bytes of UTF-8 (SPEC §6), so the composer does too. */
export const messageBytes = (text: string) => encoder.encode(text).length;

/** From this share of the limit on, the size is shown, so nobody meets the limit by surprise. */
const SHOW_FROM = 0.75;

/** The message's size as it nears the limit, and the reason Send is off when it is over. */
export function MessageSizeNote({ bytes, limit }: { bytes: number; limit: number }) {
  if (bytes > limit)
    return (
      <p role="alert" className="text-xs text-destructive" data-testid="chat-too-large">
        Too long to send: {plural(bytes - limit, "byte")} over the limit of {limit.toLocaleString()} bytes. Shorten it
        or split it in parts; your text stays here.
      </p>
    );
  if (bytes < limit * SHOW_FROM) return null;
  return (
    <p className="text-xs text-muted-foreground" data-testid="chat-size">
      {bytes.toLocaleString()} / {limit.toLocaleString()} bytes
    </p>
  );
}
