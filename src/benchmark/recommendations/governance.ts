import type { Recommendation } from '../types.ts';

export const governanceRecommendations: Recommendation[] = [];
