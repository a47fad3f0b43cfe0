/** The median of a non-empty list (the upper middle value for an even count). */
export const mediane = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export type Latences = { n: number; p50: number; p90: number; p99: number; max: number };

/** Quantiles of a list of latencies (ms): the nearest rank, NaN for an empty list. */
export function latences(xs: readonly number[]): Latences {
  const t = [...xs].sort((a, b) => a - b);
  const q = (p: number) => t[Math.min(t.length - 1, Math.max(0, Math.ceil(p * t.length) - 1))] ?? NaN;
  return { n: t.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: t[t.length - 1] ?? NaN };
}
