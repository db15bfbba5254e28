import type { Recommendation } from '../types.ts';

export const diskRecommendations: Recommendation[] = [];
