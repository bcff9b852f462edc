import { assert } from '../../../common/assert';
import { JST_OFFSET_MS } from '../../../common/time';
import { LIMITS } from '../../../common/limits';
import { pointsExpiryAfterActivity, pointsLapsed } from './points';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Enough days back to start below the answer for any validity in years (a year is at most 366 days). */
const SEARCH_BACK_DAYS = LIMITS.pointsValidityYears * 366 + 2;

/**
 * R23/R27: a wallet's points are still good at `atMs` exactly when its last points activity
 * happened at or after the instant this returns (the start of a JST day). The expiry depends only
 * on the JST date of the last activity and never moves earlier for a later date, so "lapsed at
 * the instant" is one cut-off on the last activity: a report reads it without re-deriving each
 * wallet's expiry, and a balance that lapsed unseen (not yet written off) is told apart.
 */
export function pointsGoodIfActiveFromMs(atMs: number): number {
  let dayStartMs = Math.floor((atMs - SEARCH_BACK_DAYS * DAY_MS + JST_OFFSET_MS) / DAY_MS) * DAY_MS - JST_OFFSET_MS;
  assert(pointsLapsed(pointsExpiryAfterActivity(dayStartMs), atMs), 'the search starts on a day whose points have lapsed');
  // The answer is within a few days of the start (leap days, month ends); the bound is the start's distance.
  for (let day = 0; pointsLapsed(pointsExpiryAfterActivity(dayStartMs), atMs); day++) {
    assert(day < SEARCH_BACK_DAYS, 'activity at the instant itself keeps points good');
    dayStartMs += DAY_MS;
  }
  return dayStartMs;
}
