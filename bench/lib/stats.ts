/** Order statistics over repeated trials: benchmarks report medians and p99, never single runs. */
export function percentile(samples: number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (samples: number[]) => percentile(samples, 0.5);
export const p99 = (samples: number[]) => percentile(samples, 0.99);

export function summarize(samples: number[]) {
  // Not Math.min(...samples): a spread of 100,000 samples overflows the stack.
  return {
    median: median(samples),
    p99: p99(samples),
    min: percentile(samples, 0),
    max: percentile(samples, 1),
    n: samples.length,
  };
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
