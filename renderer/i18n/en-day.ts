/** English for history, transaction search, cancel approval and 点検/精算. Same keys as ja-day.ts. */
import type { jaDay } from './ja-day';

export const enDay: typeof jaDay = {
  title: 'Business day',
};
