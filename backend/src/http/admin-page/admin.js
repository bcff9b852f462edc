// @ts-check
/**
 * The operator's page (issue 14): merchants, terminals, staff, campaigns, the charge-money
 * name, the R27 reports and the expiry sweep, over the admin API; KumaPo's sections are in
 * kumapo.js (issue 13). Plain DOM, no framework: the page is small, served as is (no build
 * step), and every text goes in through textContent.
 */
import { translate } from './texts.js';
import { ApiError, callJson, clearSession, fetchCsv, saveSession, savedSession } from './api.js';
import { busRidesSection, forgetKumapo, pointEventsSection, pointsReportTable, pointsText } from './kumapo.js';

/** @typedef {import('./texts.js').Lang} Lang */
/** @typedef {import('./texts.js').TextKey} TextKey */
/** @typedef {{ token: string, operator: string }} Session */
/** @typedef {{ id: string, name: string, chargePoint: boolean, offlineCardPayments: boolean, feeRateBp: number, kumapoStore?: boolean }} Merchant */
/** @typedef {{ id: string, merchantId: string, name: string, enrolledAt: string | null, revokedAt: string | null, offlineWindowYen: number, terminalNo?: number | null }} Terminal */
/** @typedef {'cashier' | 'charger' | 'support' | 'manager'} Role */
/** @typedef {{ id: string, merchantId: string, staffCode: string, name: string, role: Role, disabledAt: string | null, lockedUntil: string | null }} Staff */
/** @typedef {{ years: number, months: number, days: number }} Validity */
/** @typedef {{ id: string, name: string, label: string, validity: Validity, eligibleMerchantIds: string[] | 'all' }} Campaign */
/** @typedef {{ label: string, valueKind: string }} ValueLine */
/** @typedef {{ paymentsYen: number, cancelsYen: number, netYen: number, feeYen: number, payableYen: number }} SettlementTotals */
/** @typedef {ValueLine & SettlementTotals & { channel: 'cpm' | 'mpm', paymentCount: number, cancelCount: number }} SettlementLine */
/** @typedef {{ from: string, to: string, generatedAt: string, merchants: { merchantName: string, lines: SettlementLine[], totals: SettlementTotals }[], totals: SettlementTotals }} SettlementReport */
/** @typedef {{ at: string, generatedAt: string, lines: (ValueLine & { walletCount: number, unusedYen: number })[], totalYen: number, offlineDebtYen: number }} UnusedReport */
/** @typedef {{ from: string, to: string, generatedAt: string, lines: (ValueLine & { lotCount: number, writtenOffYen: number })[], totalYen: number }} BreakageReport */
/** @typedef {{ running: boolean, lastStartedAt: string | null, lastFinishedAt: string | null, lotsWrittenOff: number, writtenOffYen: number, lapsedLotsPending: number, lastError: string | null, pointsWrittenOff?: number }} SweepStatus */
/** @typedef {{ lotsWrittenOff: number, writtenOffYen: number, wallets: number, batches: number, pointsWrittenOff?: number, walletsWithPointsWrittenOff?: number }} SweepRun */
/** @template T @typedef {{ items: T[], next: string | null }} Page */
/** @typedef {'settlement' | 'unused' | 'breakage' | 'points'} ReportKind */

/** One page of a list; "さらに表示" asks for the next. */
const LIST_PAGE_SIZE = 100;
/** Merchants read for names and pickers: one page of the API's largest (LIMITS.adminPageItemsMax). */
const MERCHANT_LOOKUP_MAX = 1000;
const LANG_KEY = 'kumapay.admin.lang';
const SECTIONS = /** @type {const} */ (['merchants', 'terminals', 'staff', 'campaigns', 'points', 'bus-rides', 'label', 'reports', 'sweep']);
/** @typedef {(typeof SECTIONS)[number]} Section */
/** @type {Record<Section, TextKey>} */
const SECTION_TITLES = { merchants: 'navMerchants', terminals: 'navTerminals', staff: 'navStaff', campaigns: 'navCampaigns', points: 'navPoints', 'bus-rides': 'navBusRides', label: 'navLabelSetting', reports: 'navReports', sweep: 'navSweep' };
/** @type {Record<Role, TextKey>} */
const ROLE_TEXTS = { cashier: 'roleCashier', charger: 'roleCharger', support: 'roleSupport', manager: 'roleManager' };
/** @type {Record<ReportKind, { path: string, file: string, text: TextKey }>} */
const REPORTS = {
  settlement: { path: '/v1/admin/reports/merchant-settlement', file: 'merchant-settlement', text: 'reportSettlement' },
  unused: { path: '/v1/admin/reports/unused-balance', file: 'unused-balance', text: 'reportUnused' },
  breakage: { path: '/v1/admin/reports/breakage', file: 'breakage', text: 'reportBreakage' },
  points: { path: '/v1/admin/reports/points', file: 'points', text: 'reportPoints' },
};

const state = {
  /** @type {Lang} */
  lang: sessionStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'ja',
  /** @type {Session | null} */
  session: savedSession(),
  /** Bumped by every render: a slow answer for a section the operator already left is dropped. */
  renderSeq: 0,
  /** A terminal's one-time enrollment code, kept in memory until the operator closes it. */
  /** @type {{ name: string, code: string } | null} */
  enrollment: null,
  /** The report form's last values, so a language switch or a refresh keeps them. */
  report: { kind: /** @type {ReportKind} */ ('settlement'), from: '', to: '', at: '' },
  /** The report on screen, drawn again (not fetched again) when the language changes. */
  /** @type {{ kind: ReportKind, answer: unknown } | null} */
  shownReport: null,
};

// ---------------------------------------------------------------------------------------------
// Small helpers

/** @param {TextKey} key @param {Record<string, string | number>} [values] */
const t = (key, values) => translate(state.lang, key, values);

/** `¥1,234` in both languages, as the counter shows yen. */
const yenFormat = new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' });
/** @param {number} amountYen */
// ja-JP renders the full-width ￥ in some ICU versions; the rest of KumaPAY shows ¥.
const yen = (amountYen) => yenFormat.format(amountYen).replace('￥', '¥');

const instantFormat = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
/** @param {string} iso */
const instant = (iso) => instantFormat.format(new Date(iso));
/** `YYYY-MM-DD` of an instant in Japan (en-CA writes dates that way). */
const jstDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });
const jstTimeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * @typedef {{ text?: string, className?: string, attrs?: Record<string, string>, onClick?: (event: MouseEvent) => void, onSubmit?: (event: SubmitEvent) => void, hidden?: boolean }} Props
 * @param {string} tag
 * @param {Props} [props]
 * @param {(Node | string | null)[]} [children]
 * @returns {HTMLElement}
 */
function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  if (props.text !== undefined) node.textContent = props.text;
  if (props.className) node.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  if (props.onClick) node.addEventListener('click', /** @type {EventListener} */ (props.onClick));
  if (props.onSubmit) node.addEventListener('submit', /** @type {EventListener} */ (props.onSubmit));
  if (props.hidden) node.hidden = true;
  for (const child of children) if (child !== null) node.append(child);
  return node;
}

/** @param {string} id */
function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node;
}

/** @param {HTMLElement} form @param {string} name */
function field(form, name) {
  const node = form.querySelector(`[name="${name}"]`);
  if (!(node instanceof HTMLInputElement || node instanceof HTMLSelectElement)) throw new Error(`the form has no field ${name}`);
  return node;
}

let fieldSeq = 0;
/**
 * A labelled input (the label names it for screen readers and for the tests alike).
 * @param {string} label
 * @param {HTMLInputElement | HTMLSelectElement} input
 */
function labelled(label, input) {
  fieldSeq += 1;
  input.id = `f${fieldSeq}`;
  return el('div', { className: input instanceof HTMLInputElement && input.type === 'checkbox' ? 'field check' : 'field' }, [
    el('label', { text: label, attrs: { for: input.id } }),
    input,
  ]);
}

/** @param {string} name @param {Record<string, string>} [attrs] */
const input = (name, attrs = {}) => /** @type {HTMLInputElement} */ (el('input', { attrs: { name, type: 'text', autocomplete: 'off', ...attrs } }));

/**
 * @param {string} name
 * @param {{ value: string, text: string }[]} options
 * @param {Record<string, string>} [attrs]
 */
function select(name, options, attrs = {}) {
  const node = /** @type {HTMLSelectElement} */ (el('select', { attrs: { name, ...attrs } }));
  for (const option of options) node.append(el('option', { text: option.text, attrs: { value: option.value } }));
  return node;
}

/** @param {TextKey} text @param {Record<string, string>} [attrs] */
const submitButton = (text, attrs = {}) => el('button', { text: t(text), attrs: { type: 'submit', ...attrs } });

/**
 * @param {TextKey} text
 * @param {() => void} onClick
 * @param {string} [className]
 */
const button = (text, onClick, className = 'secondary') => el('button', { text: t(text), className, attrs: { type: 'button' }, onClick });

/**
 * @param {string[]} headers
 * @param {HTMLElement[]} rows
 * @param {string} testId
 * @param {string[]} [numeric] headers whose column holds amounts or counts (right-aligned)
 */
function table(headers, rows, testId, numeric = []) {
  const head = el('tr', {}, headers.map((h) => el('th', { text: h, attrs: { scope: 'col' }, className: numeric.includes(h) ? 'num' : '' })));
  return el('div', { className: 'table-wrap' }, [el('table', { attrs: { 'data-testid': testId } }, [el('thead', {}, [head]), el('tbody', {}, rows)])]);
}

/** @param {(Node | string)[]} cells @param {Record<string, string>} [attrs] */
const row = (cells, attrs = {}) => el('tr', { attrs }, cells.map((cell) => (cell instanceof HTMLElement && cell.tagName === 'TD' ? cell : el('td', {}, [cell]))));
/** @param {string} text */
const num = (text) => el('td', { className: 'num', text });

// ---------------------------------------------------------------------------------------------
// Messages: one live region at the bottom, read out by screen readers, kept until the next one.

/** @param {string} text */
function notify(text) {
  const box = byId('message');
  box.className = 'message ok';
  box.setAttribute('role', 'status');
  box.replaceChildren(el('span', { text }), closeMessageButton());
  box.hidden = false;
}

function closeMessageButton() {
  return el('button', { className: 'link', text: t('close'), attrs: { type: 'button' }, onClick: () => (byId('message').hidden = true) });
}

/** @param {unknown} error */
function describeError(error) {
  if (!(error instanceof ApiError)) return { line: error instanceof Error ? error.message : String(error), issues: [] };
  if (error.code === 'network') return { line: t('errorNetwork'), issues: [] };
  if (error.code === 'not_json') return { line: t('errorNotJson', { status: error.status }), issues: [] };
  /** @type {Record<string, TextKey>} */
  const hints = { invalid_request: 'errorHintInvalid', not_found: 'errorHintNotFound', overloaded: 'errorHintOverloaded' };
  // The backend's message is English for whoever reads logs; the lead says in the page's language what to do.
  const hint = t(hints[error.code] ?? 'errorHintOther');
  return { line: t('errorLine', { hint, message: error.message, code: error.code }), issues: error.issues };
}

/** @param {unknown} error */
function showError(error) {
  if (error instanceof ApiError && error.code === 'unauthorized' && state.session) {
    // The token was changed on the server while this tab was open.
    signOut(t('sessionEnded'));
    return;
  }
  const { line, issues } = describeError(error);
  const box = byId('message');
  box.className = 'message error';
  box.setAttribute('role', 'alert');
  box.replaceChildren(
    el('div', {}, [
      el('strong', { text: t('errorTitle') }),
      el('span', { text: line, attrs: { 'data-testid': 'error-line' } }),
      issues.length > 0 ? el('ul', {}, issues.map((issue) => el('li', { text: issue.path ? `${issue.path}: ${issue.message}` : issue.message }))) : null,
    ]),
    closeMessageButton(),
  );
  box.hidden = false;
}

function clearMessage() {
  byId('message').hidden = true;
}

/**
 * Runs an operator's action: the button is disabled while it runs (no double revoke), and a
 * refusal is shown instead of thrown.
 * @param {HTMLElement | null} trigger
 * @param {() => Promise<void>} action
 */
async function act(trigger, action) {
  if (trigger instanceof HTMLButtonElement) trigger.disabled = true;
  clearMessage();
  try {
    await action();
  } catch (error) {
    showError(error);
  } finally {
    if (trigger instanceof HTMLButtonElement) trigger.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// API

/** @returns {Session} */
function session() {
  if (!state.session) throw new ApiError(401, 'unauthorized', t('sessionEnded'), []);
  return state.session;
}

/** @param {string} method @param {string} path @param {unknown} [body] @returns {Promise<unknown>} */
const api = (method, path, body) => callJson(method, path, session(), body);

/** @returns {Promise<Merchant[]>} */
async function allMerchants() {
  return /** @type {Page<Merchant>} */ (await api('GET', `/v1/admin/merchants?limit=${MERCHANT_LOOKUP_MAX}`)).items;
}

/**
 * A list with "さらに表示": the first page now, the next ones on demand.
 * @template T
 * @param {string} path
 * @param {string[]} headers
 * @param {(item: T) => HTMLElement} rowOf
 * @param {string} testId
 * @param {string[]} [numeric]
 */
async function pagedList(path, headers, rowOf, testId, numeric = []) {
  const wrap = table(headers, [], testId, numeric);
  const body = /** @type {HTMLElement} */ (wrap.querySelector('tbody'));
  const more = el('button', { text: t('loadMore'), className: 'secondary', attrs: { type: 'button' }, hidden: true });
  const empty = el('p', { className: 'empty', text: t('empty'), hidden: true });
  /** @type {string | null} */
  let after = null;
  const load = async () => {
    const query = `limit=${LIST_PAGE_SIZE}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const page = /** @type {Page<T>} */ (await api('GET', `${path}?${query}`));
    for (const item of page.items) body.append(rowOf(item));
    after = page.next;
    more.hidden = after === null;
    empty.hidden = body.childElementCount > 0;
    wrap.hidden = body.childElementCount === 0;
  };
  more.addEventListener('click', () => void act(more, load));
  await load();
  return el('div', { className: 'list' }, [wrap, empty, more]);
}

// ---------------------------------------------------------------------------------------------
// Sections

/** @param {TextKey} title @param {(Node | null)[]} children */
const section = (title, children) =>
  el('section', { attrs: { 'aria-labelledby': 'section-title' } }, [el('h2', { text: t(title), attrs: { id: 'section-title', tabindex: '-1', 'data-testid': 'section-title' } }), ...children]);

/** @param {TextKey} title @param {(Node | null)[]} fields @param {(form: HTMLElement, submit: HTMLElement) => Promise<void>} onSubmit @param {string} testId */
function createForm(title, fields, onSubmit, testId) {
  const submit = submitButton('create');
  const form = el('form', { className: 'card', attrs: { 'data-testid': testId } }, [el('h3', { text: t(title) }), el('div', { className: 'fields' }, [...fields, el('div', { className: 'field action' }, [submit])])]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(submit, () => onSubmit(form, submit));
  });
  return form;
}

/**
 * An inline editor in place of a row's cells: Enter saves, Escape gives up.
 * @param {HTMLElement} rowNode
 * @param {{ name: string, label: TextKey, value: string }[]} inputs
 * @param {(values: Record<string, string>) => Promise<void>} onSave
 */
function editRow(rowNode, inputs, onSave) {
  const columns = rowNode.children.length;
  const save = submitButton('save');
  const form = el('form', { className: 'inline-edit', attrs: { 'data-testid': 'inline-edit' } }, [
    ...inputs.map((spec) => labelled(t(spec.label), input(spec.name, { value: spec.value, required: '', maxlength: '200' }))),
    el('div', { className: 'buttons' }, [save, button('cancel', () => void refresh())]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    /** @type {Record<string, string>} */
    const values = {};
    for (const spec of inputs) values[spec.name] = field(form, spec.name).value.trim();
    void act(save, () => onSave(values));
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') void refresh();
  });
  rowNode.replaceChildren(el('td', { attrs: { colspan: String(columns) } }, [form]));
  const first = field(form, inputs[0]?.name ?? '');
  if (first instanceof HTMLInputElement) first.select();
}

/** @param {Merchant[]} merchants */
function merchantOptions(merchants) {
  return [{ value: '', text: t('pickMerchant') }, ...merchants.map((m) => ({ value: m.id, text: m.name }))];
}

/** @param {Map<string, Merchant>} byMerchantId @param {string} id */
const merchantName = (byMerchantId, id) => byMerchantId.get(id)?.name ?? id;

/** Percent as typed (`3.25`) to basis points (325), without float drift. */
/** @param {string} text */
function percentToBp(text) {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** @param {number} bp */
const bpToPercent = (bp) => `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

async function merchantsSection() {
  const name = input('name', { required: '', maxlength: '200' });
  const chargePoint = input('chargePoint', { type: 'checkbox' });
  const offline = input('offlineCardPayments', { type: 'checkbox' });
  const fee = input('feeRate', { inputmode: 'decimal', placeholder: '0', size: '6' });
  const kumapo = input('kumapoStore', { type: 'checkbox' });
  const form = createForm(
    'merchantCreateTitle',
    [labelled(t('merchantName'), name), labelled(t('merchantFee'), fee), labelled(t('merchantChargePoint'), chargePoint), labelled(t('merchantOfflineCards'), offline), labelled(t('merchantKumapoField'), kumapo)],
    async () => {
      /** @type {Record<string, unknown>} */
      const body = { name: name.value.trim(), chargePoint: chargePoint.checked, offlineCardPayments: offline.checked, kumapoStore: kumapo.checked };
      if (fee.value.trim() !== '') body.feeRateBp = percentToBp(fee.value) ?? -1;
      await api('POST', '/v1/admin/merchants', body);
      notify(t('merchantCreated', { name: name.value.trim() }));
      await refresh('create-first-field');
    },
    'merchant-create',
  );
  /** @param {Merchant} m */
  const rowOf = (m) => {
    const kumapoStore = m.kumapoStore === true;
    // R23: whether customers may spend KumaPo points here, changed where it is read; the next
    // spend at the counter follows it.
    const kumapo = input('kumapoStore', { type: 'checkbox', 'aria-label': t('merchantKumapoToggle', { name: m.name }) });
    kumapo.checked = kumapoStore;
    kumapo.addEventListener('change', () => {
      kumapo.disabled = true;
      void act(null, async () => {
        try {
          await api('PATCH', `/v1/admin/merchants/${encodeURIComponent(m.id)}`, { kumapoStore: kumapo.checked });
          notify(t(kumapo.checked ? 'merchantKumapoOnDone' : 'merchantKumapoOffDone', { name: m.name }));
        } finally {
          await refresh();
        }
      });
    });
    const kumapoCell = el('td', {}, [el('label', { className: 'cell-check' }, [kumapo, el('span', { text: kumapoStore ? t('yes') : t('no') })])]);
    const tr = row([m.name, m.chargePoint ? t('yes') : t('no'), bpToPercent(m.feeRateBp), kumapoCell, el('code', { text: m.id }), el('td', { className: 'actions' })], { 'data-testid': 'merchant-row', 'data-id': m.id });
    tr.lastElementChild?.append(
      button('rename', () => editRow(tr, [{ name: 'name', label: 'merchantNewName', value: m.name }], async (values) => {
        await api('PATCH', `/v1/admin/merchants/${encodeURIComponent(m.id)}`, { name: values.name });
        notify(t('merchantRenamed', { name: values.name ?? '' }));
        await refresh();
      })),
    );
    return tr;
  };
  const list = await pagedList('/v1/admin/merchants', [t('colName'), t('merchantChargePoint'), t('merchantFeeColumn'), t('merchantKumapo'), t('colId'), t('colActions')], rowOf, 'merchants');
  return section('merchantsTitle', [form, list]);
}

/** @param {Terminal} terminal */
function terminalState(terminal) {
  if (terminal.revokedAt) return t('terminalStateRevoked', { at: instant(terminal.revokedAt) });
  if (terminal.enrolledAt) return t('terminalStateEnrolled', { at: instant(terminal.enrolledAt) });
  return t('terminalStateNew');
}

function enrollmentBox() {
  const shown = state.enrollment;
  if (!shown) return null;
  const close = button('close', () => {
    state.enrollment = null;
    void refresh();
  }, 'primary');
  return el('div', { className: 'card highlight', attrs: { role: 'region', 'aria-label': t('enrollmentTitle', { name: shown.name }), 'data-testid': 'enrollment' } }, [
    el('h3', { text: t('enrollmentTitle', { name: shown.name }) }),
    el('p', { className: 'code', text: shown.code, attrs: { 'data-testid': 'enrollment-code' } }),
    el('p', { text: t('enrollmentOnce') }),
    close,
  ]);
}

async function terminalsSection() {
  const merchants = await allMerchants();
  const byMerchantId = new Map(merchants.map((m) => [m.id, m]));
  const merchant = select('merchantId', merchantOptions(merchants), { required: '' });
  const name = input('name', { required: '', maxlength: '200' });
  const form = createForm(
    'terminalCreateTitle',
    [labelled(t('colMerchant'), merchant), labelled(t('terminalName'), name)],
    async () => {
      const created = /** @type {{ enrollmentCode: string }} */ (await api('POST', '/v1/admin/terminals', { merchantId: merchant.value, name: name.value.trim() }));
      // Shown once, kept only in this tab's memory: the API never shows it again.
      state.enrollment = { name: name.value.trim(), code: created.enrollmentCode };
      await refresh('enrollment');
    },
    'terminal-create',
  );
  /** @param {Terminal} terminal */
  const rowOf = (terminal) => {
    const actions = el('td', { className: 'actions' });
    if (!terminal.revokedAt) {
      actions.append(
        el('button', {
          text: t('terminalRevoke'),
          className: 'danger',
          attrs: { type: 'button' },
          onClick: (event) =>
            void confirmThen(t('terminalRevokeConfirm', { name: terminal.name }), t('terminalRevoke'), /** @type {HTMLElement} */ (event.currentTarget), async () => {
              await api('POST', `/v1/admin/terminals/${encodeURIComponent(terminal.id)}/revoke`, {});
              notify(t('terminalRevoked', { name: terminal.name }));
              await refresh();
            }),
        }),
      );
    }
    return row([terminal.name, merchantName(byMerchantId, terminal.merchantId), num(terminal.terminalNo ? String(terminal.terminalNo) : '—'), terminalState(terminal), num(yen(terminal.offlineWindowYen)), actions], {
      'data-testid': 'terminal-row',
      'data-id': terminal.id,
    });
  };
  const list = await pagedList('/v1/admin/terminals', [t('terminalName'), t('colMerchant'), t('terminalNo'), t('colStatus'), t('terminalOffline'), t('colActions')], rowOf, 'terminals', [t('terminalNo'), t('terminalOffline')]);
  return section('terminalsTitle', [enrollmentBox(), merchants.length === 0 ? el('p', { className: 'empty', text: t('noMerchantsYet') }) : form, list]);
}

/** @param {Staff} member */
function staffState(member) {
  if (member.disabledAt) return t('staffDisabled', { at: instant(member.disabledAt) });
  if (member.lockedUntil && Date.parse(member.lockedUntil) > Date.now()) return t('staffLocked', { at: instant(member.lockedUntil) });
  return t('staffActive');
}

async function staffSection() {
  const merchants = await allMerchants();
  const byMerchantId = new Map(merchants.map((m) => [m.id, m]));
  const merchant = select('merchantId', merchantOptions(merchants), { required: '' });
  const code = input('staffCode', { required: '', maxlength: '32' });
  const name = input('name', { required: '', maxlength: '200' });
  const role = select('role', (/** @type {Role[]} */ (['cashier', 'charger', 'support', 'manager'])).map((r) => ({ value: r, text: t(ROLE_TEXTS[r]) })));
  const pin = input('pin', { type: 'password', inputmode: 'numeric', autocomplete: 'new-password', maxlength: '8', pattern: '\\d{4,8}' });
  const form = createForm(
    'staffCreateTitle',
    [labelled(t('colMerchant'), merchant), labelled(t('staffCode'), code), labelled(t('staffName'), name), labelled(t('staffRole'), role), labelled(t('staffPin'), pin)],
    async () => {
      await api('POST', '/v1/admin/staff', { merchantId: merchant.value, staffCode: code.value.trim(), name: name.value.trim(), role: role.value, pin: pin.value });
      notify(t('staffCreated', { name: name.value.trim() }));
      await refresh('create-first-field');
    },
    'staff-create',
  );
  /** @param {Staff} member */
  const rowOf = (member) => {
    const disabled = member.disabledAt !== null;
    const toggle = el('button', {
      text: t(disabled ? 'staffEnable' : 'staffDisable'),
      className: disabled ? 'secondary' : 'danger',
      attrs: { type: 'button' },
      onClick: (event) =>
        void act(/** @type {HTMLElement} */ (event.currentTarget), async () => {
          await api('POST', `/v1/admin/staff/${encodeURIComponent(member.id)}/${disabled ? 'enable' : 'disable'}`, {});
          notify(t(disabled ? 'staffEnabledDone' : 'staffDisabledDone', { name: member.name }));
          await refresh();
        }),
    });
    return row([el('code', { text: member.staffCode }), member.name, t(ROLE_TEXTS[member.role]), merchantName(byMerchantId, member.merchantId), staffState(member), el('td', { className: 'actions' }, [toggle])], {
      'data-testid': 'staff-row',
      'data-id': member.id,
    });
  };
  const list = await pagedList('/v1/admin/staff', [t('staffCode'), t('staffName'), t('staffRole'), t('colMerchant'), t('colStatus'), t('colActions')], rowOf, 'staff');
  return section('staffTitle', [merchants.length === 0 ? el('p', { className: 'empty', text: t('noMerchantsYet') }) : form, list]);
}

/** @param {Validity} v */
function validityText(v) {
  const parts = [];
  if (v.years) parts.push(t('validityYears', { n: v.years }));
  if (v.months) parts.push(t('validityMonths', { n: v.months }));
  if (v.days) parts.push(t('validityDays', { n: v.days }));
  return parts.join(' ');
}

async function campaignsSection() {
  const merchants = await allMerchants();
  const byMerchantId = new Map(merchants.map((m) => [m.id, m]));
  const name = input('name', { required: '', maxlength: '200' });
  const label = input('label', { maxlength: '100', placeholder: t('campaignLabelHint') });
  const years = input('years', { type: 'number', min: '0', max: '10', value: '1', size: '3' });
  const months = input('months', { type: 'number', min: '0', max: '120', value: '0', size: '3' });
  const days = input('days', { type: 'number', min: '0', max: '3650', value: '0', size: '3' });
  const all = input('eligibleAll', { type: 'checkbox', checked: '' });
  const shops = el('fieldset', { className: 'shops', hidden: true }, [
    el('legend', { text: t('campaignEligible') }),
    ...merchants.map((m) => labelled(m.name, input('eligible', { type: 'checkbox', value: m.id }))),
  ]);
  all.addEventListener('change', () => (shops.hidden = all.checked));
  const validity = el('fieldset', { className: 'validity' }, [
    el('legend', { text: t('campaignValidity') }),
    labelled(t('campaignYears'), years),
    labelled(t('campaignMonths'), months),
    labelled(t('campaignDays'), days),
  ]);
  const form = createForm(
    'campaignCreateTitle',
    [labelled(t('campaignName'), name), labelled(t('campaignLabel'), label), validity, labelled(t('campaignAll'), all), shops],
    async () => {
      const chosen = [...shops.querySelectorAll('input[name="eligible"]:checked')].map((node) => /** @type {HTMLInputElement} */ (node).value);
      /** @type {Record<string, unknown>} */
      const body = {
        name: name.value.trim(),
        kind: 'limited',
        validity: { years: Number(years.value || 0), months: Number(months.value || 0), days: Number(days.value || 0) },
        eligibleMerchantIds: all.checked ? 'all' : chosen,
      };
      if (label.value.trim() !== '') body.label = label.value.trim();
      await api('POST', '/v1/admin/campaigns', body);
      notify(t('campaignCreated', { name: name.value.trim() }));
      await refresh('create-first-field');
    },
    'campaign-create',
  );
  /** @param {Campaign} campaign */
  const rowOf = (campaign) => {
    const eligible = campaign.eligibleMerchantIds === 'all' ? t('campaignAll') : campaign.eligibleMerchantIds.map((id) => merchantName(byMerchantId, id)).join('、') || t('campaignSome', { count: 0 });
    const tr = row([campaign.name, campaign.label, validityText(campaign.validity), eligible, el('td', { className: 'actions' })], { 'data-testid': 'campaign-row', 'data-id': campaign.id });
    tr.lastElementChild?.append(
      button('campaignEdit', () =>
        editRow(
          tr,
          [
            { name: 'label', label: 'campaignLabel', value: campaign.label },
            { name: 'name', label: 'campaignName', value: campaign.name },
          ],
          async (values) => {
            /** @type {Record<string, string>} */
            const patch = {};
            if (values.label !== campaign.label) patch.label = values.label ?? '';
            if (values.name !== campaign.name) patch.name = values.name ?? '';
            if (Object.keys(patch).length > 0) await api('PATCH', `/v1/admin/campaigns/${encodeURIComponent(campaign.id)}`, patch);
            notify(t('campaignRenamed', { name: values.name ?? campaign.name }));
            await refresh();
          },
        ),
      ),
    );
    return tr;
  };
  const list = await pagedList('/v1/admin/campaigns', [t('campaignName'), t('campaignLabel'), t('campaignValidity'), t('campaignEligible'), t('colActions')], rowOf, 'campaigns');
  return section('campaignsTitle', [form, list]);
}

async function labelSection() {
  const settings = /** @type {{ chargeMoneyLabel: string }} */ (await api('GET', '/v1/admin/settings'));
  const value = input('chargeMoneyLabel', { required: '', maxlength: '100', value: settings.chargeMoneyLabel });
  const save = submitButton('save');
  const form = el('form', { className: 'card', attrs: { 'data-testid': 'label-form' } }, [
    el('p', { text: t('labelLead') }),
    el('div', { className: 'fields' }, [labelled(t('labelField'), value), el('div', { className: 'field action' }, [save])]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(save, async () => {
      const saved = /** @type {{ chargeMoneyLabel: string }} */ (await api('PATCH', '/v1/admin/settings', { chargeMoneyLabel: value.value.trim() }));
      value.value = saved.chargeMoneyLabel;
      notify(t('labelSaved', { name: saved.chargeMoneyLabel }));
    });
  });
  return section('labelTitle', [form]);
}

// --- Reports -----------------------------------------------------------------------------------

function reportDefaults() {
  const now = new Date();
  const today = jstDateFormat.format(now);
  if (!state.report.to) state.report.to = today;
  if (!state.report.from) state.report.from = `${today.slice(0, 8)}01`;
  if (!state.report.at) state.report.at = `${today}T${jstTimeFormat.format(now)}`;
}

/**
 * The query of the chosen report. `at` is read as Japan time whatever the PC's zone, and to the
 * end of its minute: "as of 23:59" includes a charge made at 23:59:30, and the default (this
 * minute) includes what happened a moment ago.
 */
function reportQuery() {
  const r = state.report;
  if (r.kind === 'unused') return `at=${encodeURIComponent(`${r.at.slice(0, 16)}:59.999+09:00`)}`;
  return `from=${encodeURIComponent(r.from)}&to=${encodeURIComponent(r.to)}`;
}

/** `merchant-settlement_2024-04-01_2024-09-30.csv`, `unused-balance_2024-09-30_2359.csv`. */
function reportFileName() {
  const r = state.report;
  const base = REPORTS[r.kind].file;
  if (r.kind === 'unused') return `${base}_${r.at.slice(0, 10)}_${r.at.slice(11, 16).replace(':', '')}.csv`;
  return `${base}_${r.from}_${r.to}.csv`;
}

/** @param {string} labelText @param {SettlementTotals} totals @param {string} className */
function settlementTotalRow(labelText, totals, className) {
  return el('tr', { className }, [
    el('th', { text: labelText, attrs: { scope: 'row', colspan: '2' } }),
    num(''),
    num(yen(totals.paymentsYen)),
    num(''),
    num(yen(totals.cancelsYen)),
    num(yen(totals.netYen)),
    num(yen(totals.feeYen)),
    num(yen(totals.payableYen)),
  ]);
}

/** @param {SettlementReport} report */
function settlementTable(report) {
  const headers = [t('colValue'), t('colChannel'), t('colPayments'), t('colPaymentsYen'), t('colCancels'), t('colCancelsYen'), t('colNet'), t('colFee'), t('colPayable')];
  /** @type {HTMLElement[]} */
  const rows = [];
  for (const merchant of report.merchants) {
    rows.push(el('tr', { className: 'group' }, [el('th', { text: merchant.merchantName, attrs: { scope: 'rowgroup', colspan: String(headers.length) } })]));
    for (const line of merchant.lines) {
      rows.push(
        row([
          line.label,
          t(line.channel === 'mpm' ? 'channelMpm' : 'channelCpm'),
          num(String(line.paymentCount)),
          num(yen(line.paymentsYen)),
          num(String(line.cancelCount)),
          num(yen(line.cancelsYen)),
          num(yen(line.netYen)),
          num(yen(line.feeYen)),
          num(yen(line.payableYen)),
        ]),
      );
    }
    rows.push(settlementTotalRow(t('merchantTotal', { name: merchant.merchantName }), merchant.totals, 'subtotal'));
  }
  rows.push(settlementTotalRow(t('grandTotal'), report.totals, 'total'));
  return table(headers, rows, 'report-table', headers.slice(2));
}

/** @param {UnusedReport} report */
function unusedTable(report) {
  const headers = [t('colValue'), t('colWallets'), t('colUnused')];
  const rows = report.lines.map((line) => row([line.label, num(String(line.walletCount)), num(yen(line.unusedYen))]));
  rows.push(el('tr', { className: 'total' }, [el('th', { text: t('grandTotal'), attrs: { scope: 'row', colspan: '2' } }), num(yen(report.totalYen))]));
  rows.push(el('tr', {}, [el('th', { text: t('offlineDebt'), attrs: { scope: 'row', colspan: '2' } }), num(yen(report.offlineDebtYen))]));
  return table(headers, rows, 'report-table', headers.slice(1));
}

/** @param {BreakageReport} report */
function breakageTable(report) {
  const headers = [t('colValue'), t('colLots'), t('colWrittenOff')];
  const rows = report.lines.map((line) => row([line.label, num(String(line.lotCount)), num(yen(line.writtenOffYen))]));
  rows.push(el('tr', { className: 'total' }, [el('th', { text: t('grandTotal'), attrs: { scope: 'row', colspan: '2' } }), num(yen(report.totalYen))]));
  return table(headers, rows, 'report-table', headers.slice(1));
}

/** @param {ReportKind} kind @param {unknown} answer */
function reportResult(kind, answer) {
  /** @type {(Node | null)[]} */
  const parts = [];
  if (kind === 'unused') {
    const report = /** @type {UnusedReport} */ (answer);
    parts.push(el('p', { text: t('reportAtLine', { at: instant(report.at) }) }), unusedTable(report));
    parts.push(el('p', { className: 'hint', text: t('reportGenerated', { at: instant(report.generatedAt) }) }));
  } else if (kind === 'points') {
    const report = /** @type {import('./kumapo.js').PointsReport} */ (answer);
    parts.push(el('p', { text: t('reportPeriod', { from: report.from, to: report.to }) }), pointsReportTable(kit, report));
    parts.push(el('p', { className: 'hint', text: t('reportGenerated', { at: instant(report.generatedAt) }) }));
  } else if (kind === 'breakage') {
    const report = /** @type {BreakageReport} */ (answer);
    parts.push(el('p', { text: t('reportPeriod', { from: report.from, to: report.to }) }));
    parts.push(report.lines.length === 0 ? el('p', { className: 'empty', text: t('reportNoRows') }) : null, breakageTable(report));
    parts.push(el('p', { className: 'hint', text: t('reportGenerated', { at: instant(report.generatedAt) }) }));
  } else {
    const report = /** @type {SettlementReport} */ (answer);
    parts.push(el('p', { text: t('reportPeriod', { from: report.from, to: report.to }) }));
    parts.push(report.merchants.length === 0 ? el('p', { className: 'empty', text: t('reportNoRows') }) : null, settlementTable(report));
    parts.push(el('p', { className: 'hint', text: t('reportGenerated', { at: instant(report.generatedAt) }) }));
  }
  return el('div', { className: 'report', attrs: { 'data-testid': 'report-result' } }, [el('h3', { text: t(REPORTS[kind].text) }), ...parts]);
}

/** @param {Blob} blob @param {string} fileName */
function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = /** @type {HTMLAnchorElement} */ (el('a', { attrs: { href: url, download: fileName }, hidden: true }));
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; the URL only holds memory.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

async function reportsSection() {
  reportDefaults();
  const r = state.report;
  const kind = select(
    'kind',
    (/** @type {ReportKind[]} */ (['settlement', 'unused', 'breakage', 'points'])).map((k) => ({ value: k, text: t(REPORTS[k].text) })),
  );
  kind.value = r.kind;
  const from = input('from', { type: 'date', value: r.from, required: '' });
  const to = input('to', { type: 'date', value: r.to, required: '' });
  const at = input('at', { type: 'datetime-local', value: r.at, required: '' });
  const fromField = labelled(t('reportFrom'), from);
  const toField = labelled(t('reportTo'), to);
  const atField = labelled(t('reportAt'), at);
  const result = el('div', { attrs: { 'aria-live': 'polite' } }, [state.shownReport ? reportResult(state.shownReport.kind, state.shownReport.answer) : null]);
  const sync = () => {
    r.kind = /** @type {ReportKind} */ (kind.value);
    r.from = from.value;
    r.to = to.value;
    r.at = at.value;
    fromField.hidden = r.kind === 'unused';
    toField.hidden = r.kind === 'unused';
    atField.hidden = r.kind !== 'unused';
  };
  for (const node of [kind, from, to, at]) node.addEventListener('change', sync);
  sync();
  const show = submitButton('reportShow');
  const download = el('button', { text: t('reportCsv'), className: 'secondary', attrs: { type: 'button' } });
  const form = el('form', { className: 'card', attrs: { 'data-testid': 'report-form' } }, [
    el('div', { className: 'fields' }, [labelled(t('reportKind'), kind), fromField, toField, atField, el('div', { className: 'field action' }, [show, download])]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sync();
    const chosen = r.kind;
    void act(show, async () => {
      state.shownReport = null;
      result.replaceChildren(el('p', { className: 'hint', text: t('loading') }));
      try {
        const answer = await api('GET', `${REPORTS[chosen].path}?${reportQuery()}`);
        state.shownReport = { kind: chosen, answer };
        result.replaceChildren(reportResult(chosen, answer));
      } catch (error) {
        result.replaceChildren();
        throw error;
      }
    });
  });
  download.addEventListener('click', () => {
    sync();
    void act(download, async () => {
      const fileName = reportFileName();
      const blob = await fetchCsv(`${REPORTS[r.kind].path}?${reportQuery()}`, session());
      saveBlob(blob, fileName);
      notify(t('reportDownloaded', { file: fileName }));
    });
  });
  return section('reportsTitle', [form, result]);
}

// --- Expiry sweep ------------------------------------------------------------------------------

async function sweepSection() {
  const status = /** @type {SweepStatus} */ (await api('GET', '/v1/admin/expiry-sweep'));
  /** @type {[TextKey, string][]} */
  const facts = [
    ['sweepRunning', t(status.running ? 'sweepRunningYes' : 'sweepRunningNo')],
    ['sweepLastStarted', status.lastStartedAt ? instant(status.lastStartedAt) : t('sweepNever')],
    ['sweepLastFinished', status.lastFinishedAt ? instant(status.lastFinishedAt) : t('sweepNever')],
    ['sweepLots', String(status.lotsWrittenOff)],
    ['sweepYen', yen(status.writtenOffYen)],
    ['sweepPending', String(status.lapsedLotsPending)],
    ['sweepLastError', status.lastError ?? t('sweepNone')],
  ];
  if (status.pointsWrittenOff !== undefined) facts.splice(5, 0, ['sweepPoints', pointsText(kit, status.pointsWrittenOff)]);
  const list = el('dl', { className: 'facts', attrs: { 'data-testid': 'sweep-status' } });
  for (const [term, value] of facts) list.append(el('div', { attrs: { 'data-fact': term } }, [el('dt', { text: t(term) }), el('dd', { text: value })]));
  const run = el('button', { text: t('sweepRun'), className: 'primary', attrs: { type: 'button' } });
  run.addEventListener('click', () =>
    void act(run, async () => {
      const done = /** @type {SweepRun} */ (await api('POST', '/v1/admin/expiry-sweep', {}));
      const points = done.pointsWrittenOff ? ` ${t('sweepDonePoints', { points: pointsText(kit, done.pointsWrittenOff), wallets: done.walletsWithPointsWrittenOff ?? 0 })}` : '';
      notify(`${t('sweepDone', { lots: done.lotsWrittenOff, yen: yen(done.writtenOffYen), wallets: done.wallets, batches: done.batches })}${points}`);
      await refresh();
    }),
  );
  const again = button('refresh', () => void refresh());
  return section('sweepTitle', [el('div', { className: 'card' }, [el('p', { text: t('sweepLead') }), list, el('div', { className: 'buttons' }, [run, again])])]);
}

/** The reports section with a report chosen (the KumaPo section links to its points report). */
/** @param {ReportKind} kind */
function openReport(kind) {
  state.report.kind = kind;
  state.shownReport = null;
  location.hash = '#reports';
}

/** What kumapo.js draws with: this page's own helpers, so its sections look and behave like these. */
const kit = { t, el, api, act, notify, refresh, section, createForm, labelled, input, select, table, row, num, button, submitButton, instant, session, openReport };
/** @typedef {typeof kit} Kit */

/** @type {Record<Section, () => Promise<HTMLElement>>} */
const RENDERERS = {
  merchants: merchantsSection,
  terminals: terminalsSection,
  staff: staffSection,
  campaigns: campaignsSection,
  points: () => pointEventsSection(kit),
  'bus-rides': () => busRidesSection(kit),
  label: labelSection,
  reports: reportsSection,
  sweep: sweepSection,
};

// ---------------------------------------------------------------------------------------------
// Shell: sign-in, navigation, language

/** @returns {Section} */
function currentSection() {
  const name = location.hash.replace(/^#/, '');
  return /** @type {readonly string[]} */ (SECTIONS).includes(name) ? /** @type {Section} */ (name) : 'merchants';
}

/**
 * Draws the current section again from the server's answers.
 * @param {'heading' | 'create-first-field' | 'enrollment' | 'none'} [focus] where the keyboard goes after
 */
async function refresh(focus = 'none') {
  const main = byId('section');
  const seq = ++state.renderSeq;
  const name = currentSection();
  for (const link of document.querySelectorAll('nav a')) {
    if (link.getAttribute('href') === `#${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${t(SECTION_TITLES[name])} — ${t('appTitle')}`;
  if (main.childElementCount === 0) main.replaceChildren(el('p', { className: 'hint', text: t('loading') }));
  try {
    const content = await RENDERERS[name]();
    if (seq !== state.renderSeq) return;
    main.replaceChildren(content);
  } catch (error) {
    if (seq !== state.renderSeq) return;
    main.replaceChildren(el('h2', { text: t(SECTION_TITLES[name]), attrs: { id: 'section-title', tabindex: '-1', 'data-testid': 'section-title' } }));
    showError(error);
    return;
  }
  const target =
    focus === 'heading' ? document.getElementById('section-title')
    : focus === 'create-first-field' ? main.querySelector('form input, form select')
    : focus === 'enrollment' ? main.querySelector('[data-testid="enrollment"] button')
    : null;
  if (target instanceof HTMLElement) target.focus();
}

function applyStaticTexts() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(/** @type {TextKey} */ (node.getAttribute('data-t')));
  // Named by its visible word, in the language it offers; the title says what it does.
  byId('lang').setAttribute('title', t('langToggleLabel'));
  byId('lang').setAttribute('lang', state.lang === 'ja' ? 'en' : 'ja');
  byId('nav').setAttribute('aria-label', t('navLabel'));
  const operator = byId('operator');
  operator.textContent = state.session?.operator ? t('signedInAs', { name: state.session.operator }) : '';
  operator.hidden = !state.session?.operator;
  if (!state.session) document.title = t('appTitle');
}

/** @param {string} [reason] shown on the sign-in form */
function signOut(reason) {
  clearSession();
  state.session = null;
  state.enrollment = null;
  state.shownReport = null;
  forgetKumapo();
  state.renderSeq += 1;
  byId('section').replaceChildren();
  clearMessage();
  showSignIn(reason);
}

/** @param {string} [reason] */
function showSignIn(reason) {
  byId('app-view').hidden = true;
  byId('sign-out').hidden = true;
  byId('sign-in-view').hidden = false;
  applyStaticTexts();
  const error = byId('sign-in-error');
  error.textContent = reason ?? '';
  error.hidden = !reason;
  /** @type {HTMLInputElement} */ (byId('token')).focus();
}

function showApp() {
  byId('sign-in-view').hidden = true;
  byId('app-view').hidden = false;
  byId('sign-out').hidden = false;
  applyStaticTexts();
  void refresh('heading');
}

/** @param {SubmitEvent} event */
async function onSignIn(event) {
  event.preventDefault();
  const tokenField = /** @type {HTMLInputElement} */ (byId('token'));
  const operatorField = /** @type {HTMLInputElement} */ (byId('operator-name'));
  const error = byId('sign-in-error');
  const submit = /** @type {HTMLButtonElement} */ (byId('sign-in-submit'));
  const token = tokenField.value.trim();
  if (!token) {
    error.textContent = t('tokenEmpty');
    error.hidden = false;
    tokenField.focus();
    return;
  }
  // The audit trail takes letters, digits, spaces and . _ @ -: an ideographic space becomes a plain one.
  const candidate = { token, operator: operatorField.value.replace(/\u3000/g, ' ').trim() };
  submit.disabled = true;
  submit.textContent = t('signingIn');
  try {
    // Any admin read proves the token; the settings are the smallest answer.
    await callJson('GET', '/v1/admin/settings', candidate);
  } catch (failure) {
    error.textContent = failure instanceof ApiError && failure.code === 'unauthorized' ? t('wrongToken') : describeError(failure).line;
    error.hidden = false;
    tokenField.select();
    return;
  } finally {
    submit.disabled = false;
    submit.textContent = t('signIn');
  }
  saveSession(candidate.token, candidate.operator);
  state.session = candidate;
  tokenField.value = '';
  error.hidden = true;
  showApp();
}

function toggleLanguage() {
  state.lang = state.lang === 'ja' ? 'en' : 'ja';
  sessionStorage.setItem(LANG_KEY, state.lang);
  applyStaticTexts();
  if (state.session) void refresh();
}

/** @param {string} message @param {string} confirmText @param {HTMLElement} trigger @param {() => Promise<void>} action */
function confirmThen(message, confirmText, trigger, action) {
  const dialog = /** @type {HTMLDialogElement} */ (byId('confirm'));
  byId('confirm-message').textContent = message;
  const ok = /** @type {HTMLButtonElement} */ (byId('confirm-ok'));
  ok.textContent = confirmText;
  byId('confirm-cancel').textContent = t('cancel');
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        if (dialog.returnValue === 'ok') void act(trigger, action).then(resolve);
        else {
          trigger.focus();
          resolve(undefined);
        }
      },
      { once: true },
    );
    dialog.returnValue = '';
    dialog.showModal();
    // The safe choice has the focus: Enter on a stray key press does not revoke.
    byId('confirm-cancel').focus();
  });
}

function start() {
  byId('sign-in-form').addEventListener('submit', (event) => void onSignIn(/** @type {SubmitEvent} */ (event)));
  byId('lang').addEventListener('click', toggleLanguage);
  byId('sign-out').addEventListener('click', () => signOut());
  byId('confirm-ok').addEventListener('click', () => /** @type {HTMLDialogElement} */ (byId('confirm')).close('ok'));
  byId('confirm-cancel').addEventListener('click', () => /** @type {HTMLDialogElement} */ (byId('confirm')).close('cancel'));
  window.addEventListener('hashchange', () => {
    clearMessage();
    if (state.session) void refresh('heading');
  });
  if (state.session) showApp();
  else showSignIn();
}

start();
