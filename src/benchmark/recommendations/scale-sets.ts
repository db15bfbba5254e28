import type { Recommendation } from '../types.ts';

export const scaleSetRecommendations: Recommendation[] = [];
