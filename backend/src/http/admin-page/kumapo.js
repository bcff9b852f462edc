// @ts-check
/**
 * KumaPo on the operator's page (issue 13): event QR codes (R23), the bus company's ride file
 * (R24) and the points report (R27), drawn with admin.js's helpers (the kit) so they look and
 * behave like the page's other sections.
 */
import { ApiError, sendFile } from './api.js';
import { qrModules, qrPathData } from './qr.js';

/** @typedef {import('./admin.js').Kit} Kit */
/** @typedef {import('./texts.js').TextKey} TextKey */
/** @typedef {'once' | 'daily'} EventRule */
/** @typedef {{ id: string, name: string, points: number, from: string, to: string, rule: EventRule, claims: number }} PointEvent */
/** @typedef {{ name: string, code: string, points: number, rule: EventRule, from: string, to: string }} ShownEvent */
/**
 * A malformed line as the server lists it (common/bus-import-codes.ts): `code` is what the page
 * words; `reason` is the server's English, shown only for a code this page does not know.
 * @typedef {{ line: number, code: string, reason: string, field?: string, value?: string, fieldCount?: number, headerFieldCount?: number,
 *   lengthMax?: number, firstLine?: number }} MalformedLine
 */
/**
 * @typedef {{ rows: number, credited: number, creditedPoints: number, alreadyImported: number, unanswered: number, unknownCustomer: number,
 *   capExceeded: number, malformed: number, malformedLines: MalformedLine[], applied: boolean, encoding: 'utf-8' | 'shift_jis', duplicates?: number }} BusImport
 */
/** @typedef {{ message: string, details: Record<string, unknown> }} BusRefusal */
/** @typedef {{ fileName: string, answer: BusImport } | { fileName: string, refusal: BusRefusal }} BusOutcome */
/** @typedef {[TextKey, Record<string, string>] | null} Wording */
/**
 * @typedef {{ from: string, to: string, generatedAt: string,
 *   issued: { events: { eventId: string, name: string, claimCount: number, points: number }[], bus: { rideCount: number, points: number }, totalPoints: number },
 *   transfers: { count: number, points: number },
 *   spent: { merchantId: string, merchantName: string, spendCount: number, spentPoints: number, cancelCount: number, cancelledPoints: number, netPoints: number }[],
 *   spentTotals: { spentPoints: number, cancelledPoints: number, netPoints: number },
 *   expired: { walletCount: number, points: number }, openingPoints: number, closingPoints: number,
 *   outstanding: { at: string, walletCount: number, points: number, lapsedUnsweptPoints: number } }} PointsReport
 */

/**
 * The ride file may be tens of MB (LIMITS.busImportBytesMax) and 100,000 rides take the server
 * seconds; five minutes means stuck, not slow.
 */
const BUS_IMPORT_TIMEOUT_MS = 300_000;
const SVG_NS = 'http://www.w3.org/2000/svg';
/** @type {Record<EventRule, TextKey>} */
const RULE_TEXTS = { once: 'ruleOnce', daily: 'ruleDaily' };

const state = {
  /** An event's code, shown once (the server keeps only its hash), kept until the operator closes it. */
  /** @type {ShownEvent | null} */
  shownEvent: null,
  /** The last import's answer, drawn again (not sent again) when the language changes. */
  /** @type {BusOutcome | null} */
  busOutcome: null,
};

/** Signing out forgets the event code and the last import with the token. */
export function forgetKumapo() {
  state.shownEvent = null;
  state.busOutcome = null;
}

const countFormat = new Intl.NumberFormat('ja-JP');
/** @param {Kit} kit @param {number} n */
export const pointsText = (kit, n) => kit.t('pointsValue', { n: countFormat.format(n) });

/** `YYYY-MM-DDTHH:MM` of this minute in Japan, what a datetime-local field holds. */
function jstMinuteNow() {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date());
  const part = (/** @type {string} */ type) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

// --- Event QR codes (R23) ---------------------------------------------------------------------

/** @param {string} text */
function qrSvg(text) {
  const qr = qrModules(text);
  const side = qr.size + 8;
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const back = document.createElementNS(SVG_NS, 'rect');
  for (const [name, value] of Object.entries({ width: String(side), height: String(side), fill: '#fff' })) back.setAttribute(name, value);
  const modules = document.createElementNS(SVG_NS, 'path');
  modules.setAttribute('d', qrPathData(qr));
  modules.setAttribute('fill', '#000');
  svg.append(back, modules);
  return svg;
}

/**
 * The clipboard API needs a secure origin; an operator on http://<LAN address> gets the code
 * selected instead, ready for Ctrl+C.
 * @param {Kit} kit @param {HTMLElement} codeNode @param {string} code
 */
async function copyCode(kit, codeNode, code) {
  try {
    await navigator.clipboard.writeText(code);
    kit.notify(kit.t('codeCopied'));
  } catch {
    const range = document.createRange();
    range.selectNodeContents(codeNode);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    kit.notify(kit.t('codeSelected'));
  }
}

/** @param {Kit} kit @param {ShownEvent} shown */
function eventQrCard(kit, shown) {
  const { t } = kit;
  const code = kit.el('p', { className: 'code event-code', text: shown.code, attrs: { 'data-testid': 'event-code' } });
  const close = kit.button('close', () => {
    state.shownEvent = null;
    void kit.refresh('create-first-field');
  }, 'primary');
  const copy = kit.button('copyCode', () => void copyCode(kit, code, shown.code));
  const print = kit.button('print', () => window.print());
  const qr = qrSvg(shown.code);
  qr.setAttribute('role', 'img');
  qr.setAttribute('aria-label', t('eventQrTitle', { name: shown.name }));
  return kit.el('div', { className: 'card highlight event-qr', attrs: { role: 'region', 'aria-label': t('eventQrTitle', { name: shown.name }), 'data-testid': 'event-qr' } }, [
    qr,
    kit.el('div', { className: 'event-qr-text' }, [
      kit.el('h3', { text: t('eventQrTitle', { name: shown.name }) }),
      kit.el('p', { text: t('eventQrFacts', { points: pointsText(kit, shown.points), rule: t(RULE_TEXTS[shown.rule]), from: kit.instant(shown.from), to: kit.instant(shown.to) }) }),
      kit.el('p', { className: 'hint no-print', text: t('eventCode') }),
      code,
      kit.el('p', { className: 'no-print', text: t('eventQrOnce') }),
      kit.el('div', { className: 'buttons no-print' }, [copy, print, close]),
    ]),
  ]);
}

/** @param {Kit} kit */
function eventForm(kit) {
  const { t } = kit;
  const name = kit.input('name', { required: '', maxlength: '200' });
  const points = kit.input('points', { type: 'number', required: '', min: '1', step: '1', inputmode: 'numeric' });
  const from = kit.input('from', { type: 'datetime-local', required: '', value: jstMinuteNow() });
  const to = kit.input('to', { type: 'datetime-local', required: '', min: from.value });
  // The browser refuses an end before the start in the operator's language, before any request.
  from.addEventListener('change', () => (to.min = from.value));
  const rule = kit.select('rule', (/** @type {EventRule[]} */ (['once', 'daily'])).map((r) => ({ value: r, text: t(RULE_TEXTS[r]) })));
  return kit.createForm(
    'eventCreateTitle',
    [kit.labelled(t('eventName'), name), kit.labelled(t('eventPoints'), points), kit.labelled(t('eventFrom'), from), kit.labelled(t('eventTo'), to), kit.labelled(t('eventRule'), rule)],
    async () => {
      // Japan time whatever the PC's zone; the end is inclusive to the end of its minute.
      const body = {
        name: name.value.trim(),
        points: Number(points.value),
        from: `${from.value.slice(0, 16)}:00.000+09:00`,
        to: `${to.value.slice(0, 16)}:59.999+09:00`,
        rule: /** @type {EventRule} */ (rule.value),
      };
      const created = /** @type {{ id: string, code: string }} */ (await kit.api('POST', '/v1/admin/point-events', body));
      state.shownEvent = { name: body.name, code: created.code, points: body.points, rule: body.rule, from: body.from, to: body.to };
      kit.notify(t('eventCreated', { name: body.name }));
      await kit.refresh();
      const firstButton = document.querySelector('[data-testid="event-qr"] button');
      if (firstButton instanceof HTMLElement) firstButton.focus();
    },
    'event-create',
  );
}

/** @param {Kit} kit */
export async function pointEventsSection(kit) {
  const { t } = kit;
  const events = /** @type {{ items: PointEvent[] }} */ (await kit.api('GET', '/v1/admin/point-events')).items;
  const rows = events.map((e) =>
    kit.row([e.name, kit.num(pointsText(kit, e.points)), t(RULE_TEXTS[e.rule]), t('eventPeriod', { from: kit.instant(e.from), to: kit.instant(e.to) }), kit.num(countFormat.format(e.claims))], {
      'data-testid': 'event-row',
      'data-id': e.id,
    }),
  );
  const headers = [t('eventName'), t('colPoints'), t('eventRule'), t('colPeriod'), t('colClaims')];
  const list = rows.length > 0 ? kit.table(headers, rows, 'events', [t('colPoints'), t('colClaims')]) : kit.el('p', { className: 'empty', text: t('empty') });
  // While a new event's code is on screen the form steps aside: the code is what matters now.
  const top = state.shownEvent ? eventQrCard(kit, state.shownEvent) : eventForm(kit);
  const reportLink = kit.el('p', { className: 'hint no-print' }, [
    t('pointsReportHint'),
    ' ',
    kit.el('button', { text: t('pointsReportOpen'), className: 'link', attrs: { type: 'button' }, onClick: () => kit.openReport('points') }),
  ]);
  return kit.section('pointsTitle', [kit.el('p', { className: 'lead no-print', text: t('pointsLead') }), top, kit.el('div', { className: 'no-print' }, [list, reportLink])]);
}

// --- Bus-ride file (R24) ----------------------------------------------------------------------

const num = (/** @type {number} */ n) => countFormat.format(n);
/** @param {unknown} v @returns {v is number} */
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

/** @type {Record<string, TextKey>} */
const EMPTY_FIELD_TEXTS = { rideId: 'busReasonRideIdEmpty', customerId: 'busReasonCustomerEmpty', usedAt: 'busReasonUsedAtEmpty' };

/**
 * A malformed line's wording by its code (R24, common/bus-import-codes.ts); null when the code
 * or a fact its wording needs is missing, and the server's English is shown instead.
 * @type {Record<string, (m: MalformedLine) => Wording>}
 */
const LINE_TEXTS = {
  wrong_field_count: (m) => (isNumber(m.fieldCount) && isNumber(m.headerFieldCount) ? ['busReasonFields', { count: num(m.fieldCount), width: num(m.headerFieldCount) }] : null),
  nul_character: () => ['busReasonNul', {}],
  empty_field: (m) => (m.field !== undefined && Object.hasOwn(EMPTY_FIELD_TEXTS, m.field) ? [/** @type {TextKey} */ (EMPTY_FIELD_TEXTS[m.field]), {}] : null),
  ride_id_too_long: (m) => (isNumber(m.lengthMax) ? ['busReasonRideIdLong', { max: num(m.lengthMax) }] : null),
  // Quoted as the server's English quotes it, so a stray space or an empty-looking value shows.
  bad_used_at: (m) => (typeof m.value === 'string' ? ['busReasonUsedAt', { value: JSON.stringify(m.value) }] : null),
  broken_quote: () => ['busReasonQuoting', {}],
  repeated_ride_different: (m) => (typeof m.value === 'string' && isNumber(m.firstLine) ? ['busReasonSameRide', { rideId: JSON.stringify(m.value), line: num(m.firstLine) }] : null),
};

/** @param {unknown} v */
const listText = (v) => (Array.isArray(v) ? v.map(String).join(', ') : '');

/**
 * Why the server refused the whole file (`invalid_request`), by its `reason` detail.
 * @type {Record<string, (d: Record<string, unknown>) => Wording>}
 */
const FILE_TEXTS = {
  utf16: () => ['busFileUtf16', {}],
  broken_utf8_bom: () => ['busFileBrokenUtf8Bom', {}],
  broken_utf8: () => ['busFileBrokenUtf8', {}],
  unknown_encoding: (d) => (isNumber(d.line) ? ['busFileUnknownEncoding', { line: num(d.line) }] : null),
  empty: () => ['busFileEmpty', {}],
  blank_first_line: () => ['busFileBlankFirstLine', {}],
  header_unreadable: () => ['busFileHeaderUnreadable', {}],
  missing_columns: (d) => (Array.isArray(d.missingColumns) ? ['busFileMissingColumns', { columns: listText(d.missingColumns) }] : null),
  repeated_columns: (d) => (Array.isArray(d.repeatedColumns) ? ['busFileRepeatedColumns', { columns: listText(d.repeatedColumns) }] : null),
  too_many_rows: (d) => (isNumber(d.rowsMax) ? ['busFileTooManyRows', { max: num(d.rowsMax) }] : null),
  not_csv: () => ['busFileNotCsv', {}],
};

/** @param {Kit} kit @param {MalformedLine} m */
function lineReason(kit, m) {
  const wording = Object.hasOwn(LINE_TEXTS, m.code) ? /** @type {(m: MalformedLine) => Wording} */ (LINE_TEXTS[m.code])(m) : null;
  return wording ? kit.t(...wording) : kit.t('busReasonOther', { detail: m.reason });
}

/** @param {Kit} kit @param {BusRefusal} refusal */
function fileReason(kit, refusal) {
  const d = refusal.details;
  // A body over the bound is refused by the HTTP layer before the file is read: no reason, only bytesMax.
  /** @type {Wording} */
  let wording = isNumber(d.bytesMax) ? ['busFileTooLarge', { mb: String(Math.floor(d.bytesMax / (1024 * 1024))) }] : null;
  if (typeof d.reason === 'string' && Object.hasOwn(FILE_TEXTS, d.reason)) wording = /** @type {(d: Record<string, unknown>) => Wording} */ (FILE_TEXTS[d.reason])(d);
  return wording ? kit.t(...wording) : kit.t('busFileOther', { detail: refusal.message });
}

/** @param {Kit} kit @param {[TextKey, string][]} facts @param {string} testId */
function factList(kit, facts, testId) {
  const list = kit.el('dl', { className: 'facts two', attrs: { 'data-testid': testId } });
  for (const [term, value] of facts) list.append(kit.el('div', { attrs: { 'data-fact': term } }, [kit.el('dt', { text: kit.t(term) }), kit.el('dd', { text: value })]));
  return list;
}

/** @param {Kit} kit @param {BusOutcome} outcome */
function busResult(kit, outcome) {
  const { t } = kit;
  const n = (/** @type {number} */ count) => t('busCount', { n: countFormat.format(count) });
  const title = kit.el('h3', { text: t('busResultTitle', { file: outcome.fileName }) });
  if ('refusal' in outcome) {
    return kit.el('div', { className: 'card refused', attrs: { 'data-testid': 'bus-result' } }, [
      title,
      kit.el('p', { className: 'verdict', text: t('busRefused', { reason: fileReason(kit, outcome.refusal) }), attrs: { 'data-testid': 'bus-verdict' } }),
    ]);
  }
  const a = outcome.answer;
  const encoding = a.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8';
  /** @type {(Node | null)[]} */
  const parts = [title];
  if (a.applied) {
    parts.push(kit.el('p', { className: 'verdict', text: t(a.credited > 0 ? 'busApplied' : 'busAppliedNothingNew'), attrs: { 'data-testid': 'bus-verdict' } }));
    /** @type {[TextKey, string][]} */
    const facts = [
      ['busCredited', t('busCreditedValue', { count: countFormat.format(a.credited), points: pointsText(kit, a.creditedPoints) })],
      ['busRows', n(a.rows)],
      ['busAlready', n(a.alreadyImported)],
      ['busUnanswered', n(a.unanswered)],
      ['busUnknown', n(a.unknownCustomer)],
      ['busCap', n(a.capExceeded)],
    ];
    if (a.duplicates !== undefined) facts.push(['busDuplicates', n(a.duplicates)]);
    facts.push(['busEncoding', encoding]);
    parts.push(factList(kit, facts, 'bus-counts'));
  } else {
    parts.push(
      kit.el('p', { className: 'verdict', text: t('busNotApplied'), attrs: { 'data-testid': 'bus-verdict' } }),
      kit.el('p', { text: t('busNotAppliedNext') }),
      factList(kit, [['busMalformed', t('busLinesCount', { n: countFormat.format(a.malformed) })], ['busRows', n(a.rows)], ['busEncoding', encoding]], 'bus-counts'),
    );
  }
  if (a.malformedLines.length > 0) {
    const rows = a.malformedLines.map((m) => kit.row([t('busLineNo', { line: countFormat.format(m.line) }), lineReason(kit, m)], { 'data-testid': 'malformed-row' }));
    parts.push(kit.table([t('colLine'), t('colReason')], rows, 'bus-malformed'));
    if (a.malformed > a.malformedLines.length) parts.push(kit.el('p', { className: 'hint', text: t('busMalformedMore', { count: countFormat.format(a.malformed), shown: countFormat.format(a.malformedLines.length) }) }));
  }
  return kit.el('div', { className: `card ${a.applied ? 'highlight' : 'refused'}`, attrs: { 'data-testid': 'bus-result' } }, parts);
}

/** @param {Kit} kit */
export async function busRidesSection(kit) {
  const { t } = kit;
  // The browser's own file button speaks the browser's language; this one speaks the page's.
  const file = kit.input('file', { type: 'file', accept: '.csv,text/csv', class: 'visually-hidden' });
  const chosenName = kit.el('span', { className: 'file-name', text: t('busNoFile'), attrs: { 'data-testid': 'bus-file-name' } });
  file.addEventListener('change', () => {
    chosenName.textContent = file.files?.[0]?.name ?? t('busNoFile');
    chosenName.classList.remove('missing');
  });
  const fileField = kit.labelled(t('busFile'), file);
  fileField.append(kit.el('div', { className: 'file-pick' }, [kit.el('label', { className: 'file-button', text: t('busChooseFile'), attrs: { for: file.id } }), chosenName]));
  const submit = kit.submitButton('busImport');
  const result = kit.el('div', { attrs: { 'aria-live': 'polite' } }, [state.busOutcome ? busResult(kit, state.busOutcome) : null]);
  const form = kit.el('form', { className: 'card', attrs: { 'data-testid': 'bus-import' } }, [
    kit.el('p', { text: t('busLead') }),
    kit.el('p', { className: 'hint', text: t('busFormat') }),
    kit.el('div', { className: 'fields' }, [fileField, kit.el('div', { className: 'field action' }, [submit])]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      chosenName.textContent = t('busPickFile');
      chosenName.classList.add('missing');
      file.focus();
      return;
    }
    void kit.act(submit, async () => {
      state.busOutcome = null;
      result.replaceChildren(kit.el('p', { className: 'hint', text: t('busImporting') }));
      try {
        // The bytes as they are: the server tells UTF-8 from Shift_JIS by them (R24).
        const answer = /** @type {BusImport} */ (await sendFile('/v1/admin/imports/bus-rides', kit.session(), chosen, 'text/csv', BUS_IMPORT_TIMEOUT_MS));
        state.busOutcome = { fileName: chosen.name, answer };
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'invalid_request')) {
          result.replaceChildren();
          throw error;
        }
        state.busOutcome = { fileName: chosen.name, refusal: { message: error.message, details: error.details } };
      }
      // Drawn afresh: the file field is emptied, so a corrected file is chosen again, not a stale copy sent.
      await kit.refresh();
    });
  });
  return kit.section('busTitle', [form, result]);
}

// --- Points report (R27) ----------------------------------------------------------------------

/** @param {Kit} kit @param {PointsReport} report */
export function pointsReportTable(kit, report) {
  const { t } = kit;
  const count = (/** @type {number | null} */ value) => kit.num(value === null ? '' : countFormat.format(value));
  const pts = (/** @type {number} */ value) => kit.num(pointsText(kit, value));
  /** @param {string} kind @param {string} detail @param {number | null} n @param {number} points */
  const line = (kind, detail, n, points) => kit.row([kind, detail, count(n), pts(points)]);
  /** @param {string} label @param {number} points */
  const total = (label, points) => kit.el('tr', { className: 'total' }, [kit.el('th', { text: label, attrs: { scope: 'row', colspan: '3' } }), pts(points)]);
  const rows = [
    line(t('ptOpening'), t('ptOpeningLine'), null, report.openingPoints),
    ...report.issued.events.map((e) => line(t('ptIssued'), t('ptEvent', { name: e.name }), e.claimCount, e.points)),
    line(t('ptIssued'), t('ptBus'), report.issued.bus.rideCount, report.issued.bus.points),
    total(t('ptIssuedTotal'), report.issued.totalPoints),
    ...report.spent.flatMap((m) => [
      line(t('ptSpent'), t('ptSpentLine', { name: m.merchantName }), m.spendCount, m.spentPoints),
      line(t('ptCancelled'), t('ptCancelledLine', { name: m.merchantName }), m.cancelCount, m.cancelledPoints),
    ]),
    total(t('ptSpentNet'), report.spentTotals.netPoints),
    line(t('ptExpired'), t('ptExpiredLine'), report.expired.walletCount, report.expired.points),
    line(t('ptTransfers'), t('ptTransfersLine'), report.transfers.count, report.transfers.points),
    total(t('ptClosing'), report.closingPoints),
    line('', t('ptOutstanding'), report.outstanding.walletCount, report.outstanding.points),
    line('', t('ptLapsedUnswept'), null, report.outstanding.lapsedUnsweptPoints),
  ];
  const headers = [t('colSource'), t('colBreakdown'), t('colCount'), t('colPoints')];
  return kit.table(headers, rows, 'report-table', headers.slice(2));
}
