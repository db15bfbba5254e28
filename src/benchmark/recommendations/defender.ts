import type { Recommendation } from '../types.ts';

export const defenderRecommendations: Recommendation[] = [];
