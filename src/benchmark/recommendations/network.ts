import type { Recommendation } from '../types.ts';

export const networkRecommendations: Recommendation[] = [];
