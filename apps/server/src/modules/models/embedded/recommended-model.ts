import type { RecommendedModel } from "@locrit/protocol";

/**
 * The one chat model the dashboard offers when no Ollama answers: small enough for any machine (about
 * 0.5 GB, 4-bit), good enough for a conversation, under a permissive licence. Downloaded only on a click.
 */
export const RECOMMENDED_MODEL: RecommendedModel = {
  model: "hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf",
  name: "Qwen2.5 0.5B Instruct (Q4_K_M)",
  size_bytes: 491_400_032,
  licence: "Apache-2.0",
  description: "A small multilingual chat model that runs on the CPU inside Locrit, no other software needed.",
};
