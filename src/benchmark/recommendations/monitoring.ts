import type { Recommendation } from '../types.ts';

export const monitoringRecommendations: Recommendation[] = [];
