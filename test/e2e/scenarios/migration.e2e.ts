/** カード残高移行 (R18, R19) by support staff, with the card on the simulated NFC reader. */
import { expectEqual, expectText } from '../lib/expect';
import type { E2eTest } from '../lib/harness';
import { expectLotRows, MigrationScreen } from '../lib/pages';
import { staffOf, startStack } from '../lib/stack';

const cardToApp: E2eTest = {
  name: 'When support staff tap card KC00012345 and scan 熊谷 太郎\'s app QR, then the whole ¥4,500 moves with its lots and the card is retired (R19)',
  slug: 'migrate-card-r19',
  async run(t) {
    const s = await startStack(t);
    const support = staffOf(s.demo, 'support');
    await s.terminal.login(support.staffCode, support.pin);
    await t.screenshot(s.page, 'menu-support');
    await s.terminal.openMenu('migrate');
    const migration = new MigrationScreen(s.terminal);
    await migration.expectStep('readingCard');

    await s.host.sim({ action: 'tap', body: { uid: s.demo.card.nfcUid, technology: 'iso14443a' } });
    await migration.expectStep('cardShown');
    await expectText(migration.cardTotal(), '¥4,500');
    await t.screenshot(s.page, 'card-read');
    await migration.toAppStep();

    // 太郎's phone shows his QR; the counter's scanner reads it.
    const { token } = await s.backend.cpmToken(s.demo.taro.customerToken);
    await s.host.sim({ action: 'scan', body: { text: token } });
    await migration.expectStep('confirm');
    await expectText(migration.cardTotal(), '¥4,500');
    await expectText(migration.appTotal(), '¥1,200');
    await t.screenshot(s.page, 'confirm');
    await migration.confirm();

    await expectText(migration.moved(), '¥4,500');
    // Every lot moves as its own lot with its own expiry (R19): the list shows exactly the moved
    // lots (the card's charge ¥3,500 and limited ¥1,000), not 太郎's own ¥1,200.
    await expectLotRowsSorted(migration, ['チャージマネー ¥3,500', '限定マネー② ¥1,000']);
    await t.screenshot(s.page, 'done');

    const wallet = await s.backend.wallet(s.demo.taro.customerToken);
    expectEqual('太郎 balance on the backend after the migration', wallet.totalYen, 5_700);

    // R19: the retired card is refused on its next use, with a reason the cashier can read.
    // Its printed number is typed this time (R18: the number identifies the same card as its chip).
    await s.terminal.byTestId('migration-again').click();
    await migration.expectStep('readingCard');
    await s.terminal.byTestId('card-number').fill(s.demo.card.cardNumber);
    await s.terminal.byTestId('card-number-submit').click();
    await migration.expectStep('failed');
    await expectText(s.terminal.byTestId('migration-failed'), /このカードはアプリに移行済みのため使えません/);
    await t.screenshot(s.page, 'card-retired');
  },
};

/** The order of the lots is the backend's; the test cares which lots there are, not their order. */
async function expectLotRowsSorted(migration: MigrationScreen, expected: string[]): Promise<string[]> {
  const sorted = [...expected].sort();
  const rows = migration.movedLots();
  const seen = await rows.evaluateAll((items) =>
    items.map((item) => `${item.querySelector('.lot-label')?.textContent?.trim() ?? ''} ${item.querySelector('.lot-amount')?.textContent?.trim() ?? ''}`),
  );
  expectEqual('lots shown after the migration', [...seen].sort(), sorted);
  // Same rows, read again through the waiting helper so a late re-render cannot slip past.
  return expectLotRows(rows, seen);
}

export default [cardToApp];
