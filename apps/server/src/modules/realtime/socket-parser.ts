import { Decoder, Encoder } from "socket.io-parser";
import { messageTooLarge } from "../../errors/errors.js";

/**
 * The socket.io parser with a size limit on what clients send. The transport's own limit
 * (engine.io `maxHttpBufferSize`) is set higher, so a frame over this one still reaches the server
 * and the client is told `message_too_large` before the connection closes, instead of a silent drop.
 */
export function limitedParser(maxFrameBytes: number) {
  class LimitedDecoder extends Decoder {
    override add(frame: unknown): void {
      const bytes =
        typeof frame === "string"
          ? Buffer.byteLength(frame)
          : ((frame as { byteLength?: number } | null)?.byteLength ?? 0);
      if (bytes > maxFrameBytes) throw messageTooLarge("socket.io message", bytes, maxFrameBytes);
      super.add(frame);
    }
  }
  return { Encoder, Decoder: LimitedDecoder };
}
