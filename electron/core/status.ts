/** The TerminalStatus snapshot the renderer draws from. */
import type { DeviceView, TerminalStatus } from '../../common/terminal-api';
import { z } from 'zod';
import { toIso } from '../../common/time';
import { SETTING } from './context';
import { offlineDeadlineMs } from './offline-policy';
import type { CoreServices } from './services';
import { staffView } from './sessions';

export function buildStatus(s: CoreServices, devices: DeviceView[]): TerminalStatus {
  const identity = s.ctx.enrolled?.identity ?? null;
  const stats = s.journal.txns.stats();
  const staff = s.ctx.currentStaff(s.clock.nowMs());
  const lastSyncAtMs = s.journal.settings.get(SETTING.lastSyncAtMs, z.number());
  const deadlineAtMs = offlineDeadlineMs(stats.oldestPendingAtMs, s.ctx.offlineLimits);
  return {
    enrolled: identity !== null,
    terminalId: identity?.terminalId ?? null,
    merchantId: identity?.merchantId ?? null,
    merchantName: identity?.merchantName ?? null,
    chargePoint: identity?.chargePoint ?? false,
    kumapoStore: identity?.kumapoStore ?? false,
    backendUrl: s.ctx.backendUrl,
    connectivity: s.connectivity.state,
    staff: staff ? staffView(staff) : null,
    queue: {
      pendingCount: stats.pendingCount,
      pendingYen: stats.pendingYen,
      oldestPendingAt: stats.oldestPendingAtMs === null ? null : toIso(stats.oldestPendingAtMs),
      deadlineAt: deadlineAtMs === null ? null : toIso(deadlineAtMs),
      rejectedCount: stats.rejectedCount,
      lastSyncAt: lastSyncAtMs === null ? null : toIso(lastSyncAtMs),
      unknownCount: stats.unknownCount,
    },
    notifications: s.journal.notifications.open(),
    devices,
    terminalNo: s.ctx.terminalNo,
    // R30: where the next transaction goes (the JST date until 精算, then the next day).
    businessDay: s.journal.txns.businessDayAt(s.clock.nowMs()),
    printer: s.receipts.printerStatus(),
    accessLost: s.ctx.accessLost === null ? null : { reason: s.ctx.accessLost.reason, since: toIso(s.ctx.accessLost.sinceMs) },
  };
}
