export * from "./limits.js";
export * from "./errors.js";
export * from "./locrit.js";
export * from "./session.js";
export * from "./message.js";
export * from "./pagination.js";
export * from "./memory.js";
