import { percentile, round } from "../lib/stats.js";

export const CATEGORY_NAMES: Record<number, string> = {
  1: "multi-hop",
  2: "temporal",
  3: "open-domain",
  4: "single-hop",
};

/** What one question gave: the share of its evidence found in the prompt and in the search's top 10. */
export interface QuestionOutcome {
  sample: string;
  question: string;
  category: number;
  evidence: string[];
  inPrompt: string[];
  inSearch: string[];
  recallTokens: number;
  recallMs: number;
}

const share = (found: number, total: number) => (total === 0 ? 0 : found / total);
const mean = (values: number[]) =>
  values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
const percent = (value: number) => `${round(value * 100, 1)}%`;

export interface Summary {
  questions: number;
  /** Mean over questions of the share of each question's evidence turns in the prompt's recall block. */
  promptRecall: number;
  searchRecallAt10: number;
  recallTokensMean: number;
  recallMsP50: number;
  recallMsP95: number;
}

export function summarise(outcomes: QuestionOutcome[]): Summary {
  return {
    questions: outcomes.length,
    promptRecall: mean(outcomes.map((outcome) => share(outcome.inPrompt.length, outcome.evidence.length))),
    searchRecallAt10: mean(outcomes.map((outcome) => share(outcome.inSearch.length, outcome.evidence.length))),
    recallTokensMean: mean(outcomes.map((outcome) => outcome.recallTokens)),
    recallMsP50: percentile(
      outcomes.map((outcome) => outcome.recallMs),
      0.5,
    ),
    recallMsP95: percentile(
      outcomes.map((outcome) => outcome.recallMs),
      0.95,
    ),
  };
}

/** Per category, then overall. */
export function summaryTable(outcomes: QuestionOutcome[]): { label: string; summary: Summary }[] {
  const categories = [...new Set(outcomes.map((outcome) => outcome.category))].sort();
  return [
    ...categories.map((category) => ({
      label: `${category} ${CATEGORY_NAMES[category] ?? ""}`.trim(),
      summary: summarise(outcomes.filter((outcome) => outcome.category === category)),
    })),
    { label: "overall", summary: summarise(outcomes) },
  ];
}

export function printTable(rows: { label: string; summary: Summary }[]): void {
  const headers = [
    "category",
    "questions",
    "evidence in prompt",
    "search recall@10",
    "recall tokens (mean)",
    "recall ms p50",
    "recall ms p95",
  ];
  const cells = rows.map(({ label, summary }) => [
    label,
    String(summary.questions),
    percent(summary.promptRecall),
    percent(summary.searchRecallAt10),
    String(round(summary.recallTokensMean, 0)),
    String(round(summary.recallMsP50, 2)),
    String(round(summary.recallMsP95, 2)),
  ]);
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join(" | ");
  console.log(line(headers));
  console.log(widths.map((width) => "-".repeat(width)).join("-|-"));
  for (const values of cells) console.log(line(values));
}
