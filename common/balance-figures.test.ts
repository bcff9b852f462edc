import { describe, expect, it } from 'vitest';
import { balanceFigures } from './balance-figures';

describe('payments per balance (R26 with R2)', () => {
  it('R26: When payments spent charge money and three campaigns, then there is one line per balance — charge money first, a fourth campaign on a line of its own — summed across payments', () => {
    const lines = balanceFigures([
      { kind: 'limited', campaignId: 'camp-b', label: '補助金等マネー', amountYen: 1_000 },
      { kind: 'charge', campaignId: null, label: 'チャージマネー', amountYen: 500 },
      { kind: 'limited', campaignId: 'camp-c', label: 'ふるさとクマPAYマネー', amountYen: 2_000 },
      { kind: 'limited', campaignId: 'camp-d', label: 'プレミアム付商品券', amountYen: 700 },
      { kind: 'limited', campaignId: 'camp-b', label: '補助金等マネー', amountYen: 2_000 },
    ]);
    expect(lines).toEqual([
      { kind: 'charge', campaignId: null, label: 'チャージマネー', amountYen: 500 },
      { kind: 'limited', campaignId: 'camp-c', label: 'ふるさとクマPAYマネー', amountYen: 2_000 },
      { kind: 'limited', campaignId: 'camp-d', label: 'プレミアム付商品券', amountYen: 700 },
      { kind: 'limited', campaignId: 'camp-b', label: '補助金等マネー', amountYen: 3_000 },
    ]);
  });

  it('R2: When two campaigns carry the same name, then they stay two lines (a line is a campaign, not a word), and a balance with no known name has no label', () => {
    const lines = balanceFigures([
      { kind: 'limited', campaignId: 'camp-2', label: '商品券', amountYen: 100 },
      { kind: 'limited', campaignId: 'camp-1', label: '商品券', amountYen: 200 },
      { kind: 'limited', campaignId: 'camp-9', amountYen: 300 },
    ]);
    expect(lines.map((l) => [l.campaignId, l.label, l.amountYen])).toEqual([
      ['camp-9', undefined, 300],
      ['camp-1', '商品券', 200],
      ['camp-2', '商品券', 100],
    ]);
  });
});
