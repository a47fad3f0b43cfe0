/** The median of a non-empty list (the upper middle value for an even count). */
export const mediane = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
