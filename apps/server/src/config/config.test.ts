import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { ConfigError, loadConfig, maskConfig } from "./config.loader.js";

const temp = makeTempDir();
afterAll(() => temp.remove());

describe("config (unit)", () => {
  it("has working defaults with no file and no environment", () => {
    const config = loadConfig({ LOCRIT_CONFIG: "" });
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 5000,
      dataDir: "./data",
      databaseUrl: "",
      ollamaUrl: "http://localhost:11434",
    });
    expect(config).toMatchObject({
      llmConnectTimeoutMs: 5_000,
      llmFirstTokenTimeoutMs: 120_000,
      llmIdleTimeoutMs: 60_000,
      maxMessageBytes: 32 * 1024,
    });
  });

  it("layers defaults < config file < environment", () => {
    const file = join(temp.path, "locrit.config.yaml");
    writeFileSync(file, "port: 6000\nhost: 0.0.0.0\nlogLevel: warn\n");
    const config = loadConfig({ LOCRIT_CONFIG: file, PORT: "7000" });
    expect(config.port).toBe(7000);
    expect(config.host).toBe("0.0.0.0");
    expect(config.logLevel).toBe("warn");
  });

  it("lists every problem at once, naming the environment variable", () => {
    let caught: unknown;
    try {
      loadConfig({ LOCRIT_CONFIG: "", PORT: "eighty", OLLAMA_URL: "not a url", LOG_LEVEL: "loud" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join("\n");
    expect(problems).toContain("PORT");
    expect(problems).toContain("OLLAMA_URL");
    expect(problems).toContain("LOG_LEVEL");
  });

  it("fails clearly when the named config file does not exist", () => {
    expect(() => loadConfig({ LOCRIT_CONFIG: join(temp.path, "missing.yaml") })).toThrow(/file not found/);
  });

  it("splits CORS_ORIGINS on commas", () => {
    expect(loadConfig({ LOCRIT_CONFIG: "", CORS_ORIGINS: "http://a.test, http://b.test" }).corsOrigins).toEqual([
      "http://a.test",
      "http://b.test",
    ]);
  });

  it("reads RECALL_TOKEN_BUDGET (default 800, 0 turns recall off, negative refused)", () => {
    expect(loadConfig({ LOCRIT_CONFIG: "" }).recallTokenBudget).toBe(800);
    expect(loadConfig({ LOCRIT_CONFIG: "", RECALL_TOKEN_BUDGET: "0" }).recallTokenBudget).toBe(0);
    expect(() => loadConfig({ LOCRIT_CONFIG: "", RECALL_TOKEN_BUDGET: "-5" })).toThrow(/RECALL_TOKEN_BUDGET/);
  });

  it("masks credentials when the config is logged", () => {
    const config = loadConfig({ LOCRIT_CONFIG: "", DATABASE_URL: "postgres://locrit:secret@db:5432/locrit" });
    expect(JSON.stringify(maskConfig(config))).not.toContain("secret");
  });
});
