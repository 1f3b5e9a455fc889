import { plural } from "../../lib/format";

const encoder = new TextEncoder();
/** The server counts a message in bytes of UTF-8 (SPEC §6), so the composer does too. */
export const messageBytes = (text: string) => encoder.encode(text).length;

/** From this share of the limit on, the size is shown, so nobody meets the limit by surprise. */
export const SHOW_FROM = 0.8;

/**
 * The message's size as it nears the limit (a meter and the count), and the reason Send is off when it
 * is over. The count is announced politely, the refusal at once.
 */
export function MessageSizeNote({ bytes, limit }: { bytes: number; limit: number }) {
  const over = bytes > limit;
  if (!over && bytes < limit * SHOW_FROM) return null;
  const share = Math.min(bytes / limit, 1);
  return (
    <div className="grid gap-1" data-testid="chat-size-meter">
      <div
        role="meter"
        aria-label="Message size"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(bytes, limit)}
        aria-valuetext={`${bytes.toLocaleString()} of ${limit.toLocaleString()} bytes`}
        className="h-1 overflow-hidden rounded-full bg-muted"
      >
        <div
          className={over ? "h-full bg-destructive" : share >= 0.95 ? "h-full bg-amber-500" : "h-full bg-primary"}
          style={{ width: `${share * 100}%` }}
        />
      </div>
      {over ? (
        <p role="alert" className="text-xs text-destructive" data-testid="chat-too-large">
          Too long to send: {plural(bytes - limit, "byte")} over the limit of {limit.toLocaleString()} bytes. Shorten it
          or split it in parts; your text stays here.
        </p>
      ) : (
        <p aria-live="polite" className="text-xs text-muted-foreground" data-testid="chat-size">
          {bytes.toLocaleString()} / {limit.toLocaleString()} bytes · {plural(limit - bytes, "byte")} left
        </p>
      )}
    </div>
  );
}
