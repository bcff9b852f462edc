/**
 * R29 end to end inside one process: the core's print queue over hardware/printers' real
 * client (DLE EOT status, ESC/POS bytes from receiptline) to the printer simulator on TCP,
 * which decodes what it received back into lines of text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPrinterClient, renderReceipt, startPrinterSimulator, type PrinterSimulator } from '../../../hardware/index';
import { MockSerialBus } from '../../../hardware/simulators/index';
import type { PrintJobView } from '../../../common/terminal-api';
import type { Printers } from '../ports';
import { makeHarness, type Harness } from '../testing/harness';

let h: Harness | null = null;
let printer: PrinterSimulator | null = null;
afterEach(async () => {
  await h?.cleanup();
  await printer?.close();
  h = null;
  printer = null;
});

function printersOverTcp(): Printers {
  // TCP printers need no serial port; the client still takes the transport for serial ones.
  const client = createPrinterClient({ serial: new MockSerialBus().transport });
  return { render: renderReceipt, status: (connection) => client.status(connection), send: (connection, bytes) => client.send(connection, bytes) };
}

function lastJobs(harness: Harness): PrintJobView[] {
  const last = new Map<string, PrintJobView>();
  for (const event of harness.events) if (event.type === 'print_job') last.set(event.job.jobId, event.job);
  return [...last.values()];
}

describe('printing to the printer simulator over TCP (R29)', () => {
  it('R29: the payment slip reaches the printer as ESC/POS and reads back with the amount and the short number; paper out sends nothing', async () => {
    printer = await startPrinterSimulator({ host: '127.0.0.1', port: 0 });
    h = await makeHarness({ printers: printersOverTcp(), defaultPrinterSettings: { connection: { type: 'tcp', host: printer.host, port: printer.port } } });
    const walletId = h.backend.addWallet(10_000);
    const paid = await h.core.call('pay', { amountYen: 1_200, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    if (!paid.ok) throw new Error(paid.message);
    await h.core.receipts.idle();

    const job = printer.lastJob();
    expect(job?.cuts).toBeGreaterThanOrEqual(1);
    const text = job?.lines.join('\n') ?? '';
    expect(text).toContain('1,200');
    expect(text).toContain(paid.payment.shortNo as string);
    expect(text).toContain('お客様控え');
    expect(h.core.status().printer).toMatchObject({ state: 'ready' });

    printer.setState({ paperOut: true });
    const second = await h.core.call('pay', { amountYen: 300, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(second).toMatchObject({ ok: true });
    await h.core.receipts.idle();
    expect(printer.jobs()).toHaveLength(1);
    expect(lastJobs(h).at(-1)).toMatchObject({ state: 'failed', failure: 'paper_out' });
    expect(h.core.status().printer).toMatchObject({ state: 'paper_out' });

    printer.setState({ paperOut: false });
    if (!second.ok) return;
    expect(await h.core.call('printSlip', { slipId: second.payment.slipId as string, copy: 'customer' })).toMatchObject({ ok: true, job: { reprint: true } });
    await h.core.receipts.idle();
    expect(printer.jobs()).toHaveLength(2);
    const reprinted = printer.lastJob()?.lines.join('\n') ?? '';
    expect(reprinted).toContain('再印刷');
    expect(reprinted).toContain(second.payment.shortNo as string);
  });
});
