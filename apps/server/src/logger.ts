import pino from "pino";
import type { AppConfig } from "./config/config.schema.js";

/** JSON logs by default; human-readable ones when attached to a terminal. */
export function createLogger(level: AppConfig["logLevel"]) {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== "production";
  return pino({
    level,
    ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss" } } } : {}),
  });
}
