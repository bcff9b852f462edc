/**
 * R29 commands: the printer's settings (a manager's step, 設定 → レシートプリンタ), テスト印刷,
 * printing a kept slip again, its preview, and the recent print jobs (anyone logged in).
 */
import type { CommandInput, CommandOutputs } from '../../../common/terminal-api';
import { requireStaff } from '../guards';
import type { CoreServices } from '../services';

export function getPrinter(s: CoreServices): CommandOutputs['getPrinter'] {
  const guard = requireStaff(s, 'print');
  if (!guard.ok) return guard.failure;
  return { ok: true, printer: s.receipts.view() };
}

/** Stores the settings and answers with the printer's status as it is now (asked at once). */
export async function setPrinter(s: CoreServices, { settings }: CommandInput<'setPrinter'>): Promise<CommandOutputs['setPrinter']> {
  const guard = requireStaff(s, 'configure');
  if (!guard.ok) return guard.failure;
  s.receipts.saveSettings(settings);
  s.logger.info({ connection: settings.connection.type, commandSet: settings.commandSet, paperWidthMm: settings.paperWidthMm, by: guard.value.staff.staffId }, 'printer settings changed');
  await s.receipts.checkStatus();
  return { ok: true, printer: s.receipts.view() };
}

export function testPrint(s: CoreServices): CommandOutputs['testPrint'] {
  const guard = requireStaff(s, 'configure');
  if (!guard.ok) return guard.failure;
  const job = s.receipts.printTest();
  return job.ok ? { ok: true, job: job.value } : job.failure;
}

export function printSlip(s: CoreServices, { slipId, copy }: CommandInput<'printSlip'>): CommandOutputs['printSlip'] {
  const guard = requireStaff(s, 'print');
  if (!guard.ok) return guard.failure;
  const job = s.receipts.printKept(slipId, copy);
  return job.ok ? { ok: true, job: job.value } : job.failure;
}

export function slipPreview(s: CoreServices, { slipId }: CommandInput<'slipPreview'>): CommandOutputs['slipPreview'] {
  const guard = requireStaff(s, 'print');
  if (!guard.ok) return guard.failure;
  const preview = s.receipts.preview(slipId);
  return preview.ok ? { ok: true, preview: preview.value } : preview.failure;
}

export function printJobs(s: CoreServices): CommandOutputs['printJobs'] {
  const guard = requireStaff(s, 'print');
  if (!guard.ok) return guard.failure;
  return { ok: true, jobs: s.receipts.jobs() };
}
