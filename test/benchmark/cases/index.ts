import type { RecommendationCase } from './types.ts';

/** Every area's cases; each area's file is owned by whoever writes that area's recommendations. */
export const CASES: RecommendationCase[] = [];
