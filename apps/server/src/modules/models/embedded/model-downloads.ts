import { stat } from "node:fs/promises";
import type { FastifyBaseLogger } from "fastify";
import type { ModelDownload } from "@locrit/protocol";
import { AppError } from "../../../errors/app-error.js";
import { validationError } from "../../../errors/errors.js";
import { downloadModel } from "./model-download.js";
import { hfModelPath, parseHfUri } from "./model-location.js";

const LOG_EVERY_PERCENT = 10;

/**
 * The downloads of `hf:` model URIs into DATA_DIR/models, one at a time per URI, started only by a
 * user's request. Their progress is kept for the UI (polled over REST) and logged every 10 %.
 */
export class ModelDownloads {
  private readonly downloads = new Map<string, ModelDownload>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly closing = new AbortController();

  constructor(
    private readonly settings: { dataDir: string; embeddedDownloadBaseUrl: string },
    private readonly logger: Pick<FastifyBaseLogger, "info" | "warn">,
  ) {}

  list(): ModelDownload[] {
    return [...this.downloads.values()].map((download) => ({ ...download }));
  }

  /** Starts (or resumes) a download, or answers the one under way or done. */
  async start(model: string): Promise<ModelDownload> {
    const parsed = parseHfUri(model);
    if (!parsed) throw validationError("A model URI looks like hf:<user>/<repo>/<file>.gguf.");
    const current = this.downloads.get(model);
    if (current?.state === "downloading") return { ...current };
    const target = hfModelPath(this.settings.dataDir, parsed);
    const existing = await stat(target).catch(() => undefined);
    const download: ModelDownload = {
      model,
      state: existing ? "done" : "downloading",
      received_bytes: existing?.size ?? 0,
      total_bytes: existing?.size ?? null,
      verified: current?.verified ?? false,
    };
    this.downloads.set(model, download);
    if (existing) return { ...download };
    const base = this.settings.embeddedDownloadBaseUrl.replace(/\/+$/, "");
    const url = new URL(`${base}/${parsed.user}/${parsed.repo}/resolve/main/${parsed.file}`);
    this.logger.info({ model, url: url.href }, "model download started");
    let logged = 0;
    const run = downloadModel({
      url,
      target,
      signal: this.closing.signal,
      onProgress: ({ receivedBytes, totalBytes }) => {
        download.received_bytes = receivedBytes;
        download.total_bytes = totalBytes;
        const percent = totalBytes ? Math.floor((receivedBytes / totalBytes) * 100) : 0;
        if (percent >= logged + LOG_EVERY_PERCENT) {
          logged = percent - (percent % LOG_EVERY_PERCENT);
          this.logger.info({ model, percent, bytes: receivedBytes }, "model download progress");
        }
      },
    }).then(
      (result) => {
        download.state = "done";
        download.verified = result.verified;
        this.logger.info({ model, bytes: result.bytes, verified: result.verified }, "model download finished");
      },
      (error: unknown) => {
        download.state = "failed";
        const failure = error instanceof AppError ? error : undefined;
        download.error = {
          code: failure?.code ?? "llm_error",
          message: failure?.message ?? "The download stopped.",
        };
        this.logger.warn({ model, err: error }, "model download failed");
      },
    );
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return { ...download };
  }

  /** Stops running downloads (their `.part` files stay, to resume) and waits for them to end. */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all(this.running);
  }
}
