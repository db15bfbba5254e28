import type { Recommendation } from '../types.ts';

export const backupRecommendations: Recommendation[] = [];
