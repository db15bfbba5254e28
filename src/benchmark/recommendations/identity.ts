import type { Recommendation } from '../types.ts';

export const identityRecommendations: Recommendation[] = [];
