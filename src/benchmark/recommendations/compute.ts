import type { Recommendation } from '../types.ts';

export const computeRecommendations: Recommendation[] = [];
