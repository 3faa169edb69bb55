#!/usr/bin/env node
// gen-demo.mjs — deterministic demo data for KPI Lens.
//
// Writes the four canonical CSV tables (spec: formats.md §1) for a fictional
// Russian B2B sales team, with enough structure for every KPI of kpi.md to
// say something: managers with clearly different win rates, deal sizes,
// response times, stalled deals and overdue tasks, plus a few deliberate
// data-quality findings (lost deals without a reason, won deals without an
// amount, deals without a source). Used for the demo page and, with large
// --deals, for benchmarks.
//
// The history behaves like a real account's through time, not only at the
// export moment: deals arrive, move, close and are lost all along the six
// months, and every deal keeps a rolling chain of tasks (planTasks), so the
// previous period's figures are of the same order as the current one's
// (tests/node/demo-history.test.mjs).
//
//   node scripts/gen-demo.mjs --out DIR [--deals 5000] [--seed 42] [--end 2026-03-31]
//
// Same arguments -> byte-identical output: a seeded PRNG (sfc32), integer
// timestamps, no Math.random, no Date.now, no locale-dependent formatting.
// Timestamps are Moscow wall-clock time (UTC+3, no DST), so they are handled
// here as plain "seconds since 1970-01-01 00:00 local" and printed as
// `YYYY-MM-DD HH:MM:SS` without an offset. Output is written in chunks of ~0.5-1 MB.

import fs from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------
// Constants: pipeline, managers, sources, segments, reasons
// ---------------------------------------------------------------------------

const SALES_STAGES = ['Новая заявка', 'Квалификация', 'Встреча', 'КП отправлено', 'Переговоры', 'Счёт выставлен'];
const WON_STAGE = 'Успешно реализовано';
const LOST_STAGE = 'Закрыто и не реализовано';

const PIPELINES = [
  { name: 'Продажи', stages: SALES_STAGES, share: 0.93, win: 1.0 },
  // Small second pipeline for existing clients: fewer stages, easier wins.
  { name: 'Повторные продажи', stages: ['Новая заявка', 'КП отправлено', 'Счёт выставлен'], share: 0.07, win: 1.6 },
];

// Median time spent in each stage before the next move, in working hours
// (9-hour working day); scaled by segment and by the manager's pace.
const STAGE_HOURS = {
  'Новая заявка': 3, 'Квалификация': 12, 'Встреча': 22,
  'КП отправлено': 25, 'Переговоры': 30, 'Счёт выставлен': 14,
};

// win: base win rate; size: deal-size multiplier; frt: median first-response
// minutes for a hot lead; noReply: share of deals never answered; stall: share
// of recent deals abandoned mid-pipeline; pace: stage-duration multiplier;
// late / forget: tasks completed late / never; noNext: how often a step is
// followed by a pause with no next task (twice this share of steps).
const MANAGERS = [
  { name: 'Анна Смирнова',      share: 1.10, win: 0.45, size: 1.25, frt: 4,   noReply: 0.01, stall: 0.01, pace: 0.9, late: 0.04, forget: 0.01, noNext: 0.02 },
  { name: 'Игорь Петров',       share: 1.00, win: 0.37, size: 1.10, frt: 6,   noReply: 0.01, stall: 0.02, pace: 1.0, late: 0.06, forget: 0.02, noNext: 0.03 },
  { name: 'Мария Кузнецова',    share: 1.05, win: 0.35, size: 0.95, frt: 5,   noReply: 0.01, stall: 0.02, pace: 1.0, late: 0.05, forget: 0.02, noNext: 0.03 },
  { name: 'Дмитрий Волков',     share: 0.80, win: 0.31, size: 1.70, frt: 9,   noReply: 0.02, stall: 0.02, pace: 1.3, late: 0.08, forget: 0.02, noNext: 0.04,
    segments: [0.30, 0.40, 0.30] },
  { name: 'Екатерина Соколова', share: 1.00, win: 0.33, size: 1.00, frt: 7,   noReply: 0.01, stall: 0.02, pace: 1.0, late: 0.07, forget: 0.02, noNext: 0.03 },
  { name: 'Алексей Морозов',    share: 0.95, win: 0.27, size: 0.90, frt: 120, noReply: 0.12, stall: 0.02, pace: 1.1, late: 0.10, forget: 0.03, noNext: 0.05 },
  { name: 'Ольга Новикова',     share: 1.00, win: 0.30, size: 1.05, frt: 8,   noReply: 0.02, stall: 0.02, pace: 1.0, late: 0.07, forget: 0.02, noNext: 0.04 },
  { name: 'Сергей Лебедев',     share: 0.95, win: 0.21, size: 0.85, frt: 20,  noReply: 0.03, stall: 0.35, pace: 1.7, late: 0.35, forget: 0.12, noNext: 0.12 },
  { name: 'Наталья Козлова',    share: 1.00, win: 0.29, size: 0.95, frt: 10,  noReply: 0.02, stall: 0.02, pace: 1.0, late: 0.08, forget: 0.02, noNext: 0.04 },
  { name: 'Павел Егоров',       share: 0.90, win: 0.19, size: 0.80, frt: 180, noReply: 0.15, stall: 0.03, pace: 1.2, late: 0.12, forget: 0.04, noNext: 0.06 },
  { name: 'Юлия Павлова',       share: 1.00, win: 0.25, size: 0.90, frt: 12,  noReply: 0.02, stall: 0.02, pace: 1.0, late: 0.09, forget: 0.03, noNext: 0.04 },
  { name: 'Артём Николаев',     share: 0.75, win: 0.19, size: 0.75, frt: 90,  noReply: 0.10, stall: 0.25, pace: 1.5, late: 0.30, forget: 0.10, noNext: 0.10 },
];

// cls: channel class (kpi.md §1 defaults); win: win-rate multiplier;
// inbound: the touch the client made when the lead arrived; reply: the
// manager's first outgoing touch type.
const SOURCES = [
  { name: 'Звонок',        share: 0.22, cls: 'hot',  win: 1.15, inbound: 'call_in',    reply: 'call_out' },
  { name: 'Чат на сайте',  share: 0.12, cls: 'hot',  win: 1.00, inbound: 'message_in', reply: 'message_out' },
  { name: 'Виджет сайта',  share: 0.08, cls: 'hot',  win: 0.95, inbound: 'message_in', reply: 'call_out' },
  { name: 'Форма на сайте', share: 0.20, cls: 'warm', win: 1.00, inbound: null,         reply: 'call_out' },
  { name: 'E-mail',        share: 0.10, cls: 'warm', win: 0.90, inbound: 'email_in',   reply: 'email_out' },
  { name: 'Соцсети',       share: 0.08, cls: 'warm', win: 0.80, inbound: 'message_in', reply: 'message_out' },
  { name: 'Холодная база', share: 0.12, cls: 'cold', win: 0.45, inbound: null,         reply: 'call_out' },
  { name: 'Рекомендация',  share: 0.08, cls: 'warm', win: 1.45, inbound: 'call_in',    reply: 'call_out' },
];
const UNKNOWN_SOURCE = { name: '', share: 0, cls: 'warm', win: 1.0, inbound: null, reply: 'call_out' };
const EMPTY_SOURCE_SHARE = 0.01;

// Multiplier of the manager's median first-response time per channel class.
const FRT_CLASS_FACTOR = { hot: 1, warm: 3, cold: 8 };

// amount: median in roubles; dur: stage-duration multiplier.
const SEGMENTS = [
  { name: 'SMB',        share: 0.62, amount: 70000,   sigma: 0.60, win: 1.05, dur: 0.7 },
  { name: 'Mid-market', share: 0.28, amount: 420000,  sigma: 0.55, win: 0.95, dur: 1.0 },
  { name: 'Enterprise', share: 0.10, amount: 2400000, sigma: 0.60, win: 0.80, dur: 1.8 },
];

const LOSS_REASONS = ['Дорого', 'Выбрали конкурента', 'Нет бюджета', 'Не дозвонились', 'Неактуально', 'Сроки не устроили', 'Дубль'];
const LOSS_WEIGHTS_EARLY = [0.05, 0.08, 0.15, 0.30, 0.25, 0.02, 0.15]; // lost at stage 0-1
const LOSS_WEIGHTS_LATE  = [0.30, 0.28, 0.18, 0.02, 0.10, 0.12, 0.00]; // lost later
const LOSS_WEIGHTS_NO_REPLY = [0, 0.15, 0, 0, 0.60, 0, 0.25];
const EMPTY_LOSS_REASON_SHARE = 0.065;
// Where lost deals drop out, by index of the open stage (main pipeline).
const LOSS_STAGE_WEIGHTS = [0.22, 0.25, 0.15, 0.18, 0.13, 0.07];
const WON_EMPTY_AMOUNT_SHARE = 0.0015;

const TOUCH_TYPES = ['call_out', 'call_in', 'email_out', 'email_in', 'message_out', 'message_in', 'meeting'];
const TOUCH_WEIGHTS = [0.28, 0.10, 0.18, 0.12, 0.12, 0.10, 0.05];
const TASK_TYPES = ['call', 'follow_up', 'email', 'meeting'];
const TASK_WEIGHTS = [0.40, 0.25, 0.20, 0.15];

const COMPANIES = [
  'Ромашка', 'Альфа', 'Вектор', 'Сфера', 'ТехноПром', 'Меридиан', 'Гранит', 'Интеграл', 'Стройресурс',
  'АгроТрейд', 'Лотос', 'Орион', 'Пеликан', 'Кедр', 'Полюс-М', 'Технолайн', 'Волна', 'Прогресс', 'Бриз',
  'Атлант', 'Зенит', 'Синтез', 'Энергия', 'Феникс', 'Горизонт', 'Северный ветер', 'Сибирь-Логистик',
  'Континент', 'Аврора', 'Магистраль', 'Парус', 'Эталон', 'Домострой', 'Фармация+', 'Медиа Групп',
  'Ладога', 'Байкал-Сервис', 'Старт', 'Восход', 'Профиль',
];
const PRODUCTS = [
  'CRM-система', 'лицензии 1С', 'серверное оборудование', 'видеонаблюдение', 'кассовое оборудование',
  'облачное хранилище', 'IP-телефония', 'ноутбуки', 'сетевое оборудование', 'ПО для склада',
];
const COUNTABLE = ['Ноутбуки', 'Лицензии 1С', 'Онлайн-кассы', 'IP-телефоны', 'Мониторы', 'Рабочие станции'];
const SERVICES = [
  'внедрение', 'техподдержка', 'аутсорсинг бухгалтерии', 'обучение персонала', 'аудит ИТ',
  'продление договора', 'интеграция с сайтом', 'миграция данных',
];
const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Фёдоров', 'Зайцев', 'Соловьёв'];
const INITIALS = ['А', 'В', 'Е', 'И', 'М', 'Н', 'О', 'С'];

// Russian public holidays by month-day (treated like Sundays).
const HOLIDAYS = new Set(['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08',
  '02-23', '03-08', '05-01', '05-09', '06-12', '11-04', '12-31']);

const DAY = 86400;
const HOUR = 3600;
const WORK_START = 9 * HOUR;   // calendar used for response and stage times
const WORK_END = 18 * HOUR;
const HISTORY_MONTHS = 6;
const MAX_TASKS_PER_DEAL = 60;

const FILES = {
  deals: { name: 'deals.csv', header: 'id,title,pipeline,stage,state,owner,source,segment,amount,currency,created_at,closed_at,loss_reason' },
  events: { name: 'stage_events.csv', header: 'deal_id,from_stage,to_stage,at,by' },
  tasks: { name: 'tasks.csv', header: 'id,deal_id,owner,created_at,due_at,completed_at,type' },
  activities: { name: 'activities.csv', header: 'id,deal_id,owner,type,at,duration_s' },
};

// ---------------------------------------------------------------------------
// Seeded PRNG (sfc32, seeded through splitmix32)
// ---------------------------------------------------------------------------

class Rng {
  constructor(seed) {
    let s = seed >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split(); this.b = split(); this.c = split(); this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }
  /** Uniform float in [0, 1). */
  next() {
    const t0 = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const t = (t0 + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi], both included. */
  int(lo, hi) { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p) { return this.next() < p; }
  pick(arr) { return arr[Math.floor(this.next() * arr.length)]; }
  /** Index drawn from a cumulative-weight array (see cumulative()). */
  weighted(cum) {
    const x = this.next() * cum[cum.length - 1];
    let i = 0;
    while (cum[i] <= x) i++;
    return i;
  }
  normal() {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  lognormal(median, sigma) { return median * Math.exp(sigma * this.normal()); }
}

function cumulative(weights) {
  const out = [];
  let sum = 0;
  for (const w of weights) out.push(sum += w);
  return out;
}

const MANAGER_CUM = cumulative(MANAGERS.map((m) => m.share));
const SOURCE_CUM = cumulative(SOURCES.map((s) => s.share));
const SEGMENT_CUM = cumulative(SEGMENTS.map((s) => s.share));
const PIPELINE_CUM = cumulative(PIPELINES.map((p) => p.share));
const TOUCH_CUM = cumulative(TOUCH_WEIGHTS);
const TASK_CUM = cumulative(TASK_WEIGHTS);
const LOSS_CUM_EARLY = cumulative(LOSS_WEIGHTS_EARLY);
const LOSS_CUM_LATE = cumulative(LOSS_WEIGHTS_LATE);
const LOSS_CUM_NO_REPLY = cumulative(LOSS_WEIGHTS_NO_REPLY);
for (const m of MANAGERS) if (m.segments) m.segmentCum = cumulative(m.segments);

// Average source x segment win multiplier, so a manager's `win` stays close
// to the win rate actually observed for them.
const WIN_NORM = SOURCES.reduce((acc, s) => acc + s.share * s.win, 0) / SOURCE_CUM[SOURCE_CUM.length - 1]
  * SEGMENTS.reduce((acc, s) => acc + s.share * s.win, 0);

// ---------------------------------------------------------------------------
// Time: integer seconds of Moscow wall-clock time since 1970-01-01 00:00
// ---------------------------------------------------------------------------

const dayText = new Map();      // day number -> 'YYYY-MM-DD'
const workingDay = new Map();   // day number -> boolean

function dateOf(day) {
  let s = dayText.get(day);
  if (s === undefined) {
    s = new Date(day * DAY * 1000).toISOString().slice(0, 10);
    dayText.set(day, s);
  }
  return s;
}

function weekday(day) { return (day + 4) % 7; } // 0 = Sunday (1970-01-01 was a Thursday)

function isWorkingDay(day) {
  let w = workingDay.get(day);
  if (w === undefined) {
    const wd = weekday(day);
    w = wd !== 0 && wd !== 6 && !HOLIDAYS.has(dateOf(day).slice(5));
    workingDay.set(day, w);
  }
  return w;
}

function pad2(n) { return n < 10 ? '0' + n : '' + n; }

function formatTime(t) {
  const day = Math.floor(t / DAY);
  const s = t - day * DAY;
  const h = Math.floor(s / HOUR);
  const m = Math.floor((s - h * HOUR) / 60);
  return dateOf(day) + ' ' + pad2(h) + ':' + pad2(m) + ':' + pad2(s % 60);
}

function parseDay(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  if (new Date(ms).toISOString().slice(0, 10) !== text) return null;
  return ms / 1000 / DAY;
}

function isWorkingMoment(t) {
  const day = Math.floor(t / DAY);
  const s = t - day * DAY;
  return isWorkingDay(day) && s >= WORK_START && s < WORK_END;
}

/** The earliest working moment at or after t. */
function nextWorkStart(t) {
  let day = Math.floor(t / DAY);
  const s = t - day * DAY;
  if (isWorkingDay(day)) {
    if (s < WORK_START) return day * DAY + WORK_START;
    if (s < WORK_END) return t;
  }
  do day++; while (!isWorkingDay(day));
  return day * DAY + WORK_START;
}

/** t plus `secs` seconds of working time (Mon-Fri 09:00-18:00, no holidays). */
function addWorking(t, secs) {
  let cur = nextWorkStart(t);
  let left = Math.round(secs);
  for (;;) {
    const dayEnd = Math.floor(cur / DAY) * DAY + WORK_END;
    if (left <= dayEnd - cur) return cur + left;
    left -= dayEnd - cur;
    cur = nextWorkStart(dayEnd);
  }
}

// ---------------------------------------------------------------------------
// Small formatting helpers
// ---------------------------------------------------------------------------

const NEEDS_QUOTES = /[",\n\r]/;
function csv(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return NEEDS_QUOTES.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** Amount in kopecks -> '125000' or '125000.5'. */
function formatAmount(kop) {
  if (kop === null) return '';
  const rub = Math.floor(kop / 100);
  const k = kop % 100;
  if (k === 0) return String(rub);
  return rub + '.' + (k % 10 === 0 ? String(k / 10) : pad2(k));
}

function padId(prefix, n, width) { return prefix + String(n).padStart(width, '0'); }

// ---------------------------------------------------------------------------
// Buffered file writer (chunks of ~0.5-1 MB, synchronous, memory stays flat)
// ---------------------------------------------------------------------------

class ChunkWriter {
  constructor(file, header) {
    this.fd = fs.openSync(file, 'w');
    this.text = '';
    this.line(header);
  }
  line(s) {
    this.text += s + '\n';
    if (this.text.length >= 1 << 19) this.flush();
  }
  flush() {
    if (this.text === '') return;
    const buf = Buffer.from(this.text, 'utf8');
    let off = 0;
    while (off < buf.length) off += fs.writeSync(this.fd, buf, off, buf.length - off);
    this.text = '';
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

// ---------------------------------------------------------------------------
// Deal generation
// ---------------------------------------------------------------------------

/** Sorted creation times: weekday- and working-hour-heavy, mild growth trend. */
function sampleCreatedTimes(rng, n, firstDay, lastDay) {
  const span = lastDay - firstDay + 1;
  const dayWeights = [];
  for (let d = firstDay; d <= lastDay; d++) {
    const wd = weekday(d);
    let w = isWorkingDay(d) ? 1 : wd === 6 ? 0.22 : 0.15;
    w *= 0.9 + 0.2 * (d - firstDay) / span;
    dayWeights.push(w);
  }
  const dayCum = cumulative(dayWeights);
  const hourCum = cumulative([0.8, 1.2, 1.3, 1.1, 0.8, 1.1, 1.2, 1.1, 0.9]); // 09..17
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const day = firstDay + rng.weighted(dayCum);
    let sec;
    const r = rng.next();
    if (isWorkingDay(day) && r < 0.80) sec = (9 + rng.weighted(hourCum)) * HOUR + rng.int(0, HOUR - 1);
    else if (r < 0.93) sec = rng.int(9 * HOUR, 23 * HOUR + HOUR - 1);  // evening / weekend day
    else sec = rng.int(0, 9 * HOUR - 1);                                // night
    times[i] = day * DAY + sec;
  }
  return times.sort();
}

function makeTitle(rng, pipeline) {
  const c = rng.pick(COMPANIES);
  const r = rng.next();
  if (pipeline.name === 'Повторные продажи' && r < 0.6) {
    return rng.chance(0.5) ? `Повторный заказ: ${c}` : `Допродажа «${c}», ${rng.pick(PRODUCTS)}`;
  }
  if (r < 0.001) return `Счёт №${rng.int(100, 999)}\n${c}`; // rare multi-line title
  if (r < 0.14) return `Поставка «${c}», этап ${rng.int(1, 4)}`;
  if (r < 0.28) return `ООО "${c}" — ${rng.pick(SERVICES)}`;
  if (r < 0.42) return `${capitalize(rng.pick(PRODUCTS))} для ООО «${c}»`;
  if (r < 0.54) return `${c}: ${rng.pick(SERVICES)}`;
  if (r < 0.64) return `Заявка с сайта — ${c}`;
  if (r < 0.72) return `ИП ${rng.pick(SURNAMES)} ${rng.pick(INITIALS)}. ${rng.pick(INITIALS)}., ${rng.pick(PRODUCTS)}`;
  if (r < 0.80) return `АО «${c}» — ${rng.pick(SERVICES)}`;
  if (r < 0.90) return `${rng.pick(COUNTABLE)}, ${rng.int(2, 60)} шт.`;
  return `${c} / ${rng.pick(PRODUCTS)}`;
}

function capitalize(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

/** Deal amount in kopecks: log-normal by segment, rounded like real quotes. */
function sampleAmount(rng, segment, manager) {
  const rub = rng.lognormal(segment.amount * manager.size, segment.sigma);
  const r = rng.next();
  if (r < 0.03) return Math.round(rub) * 100 + 50;                 // 125000.5
  if (r < 0.18) return (Math.max(1000, Math.round(rub / 1000) * 1000) - 10) * 100; // 84990
  return Math.max(1000, Math.round(rub / 1000) * 1000) * 100;       // 125000
}

/** Stage indexes visited: forward moves, sometimes skipping one, at most one step back. */
function stagePath(rng, target) {
  const out = [0];
  let cur = 0;
  let steppedBack = false;
  while (cur < target) {
    let next;
    if (!steppedBack && cur >= 2 && rng.chance(0.05)) { next = cur - 1; steppedBack = true; }
    else if (cur + 2 <= target && rng.chance(0.08)) next = cur + 2;
    else next = cur + 1;
    out.push(next);
    cur = next;
  }
  return out;
}

function stageDuration(rng, stage, mult) {
  const hours = rng.lognormal(STAGE_HOURS[stage] * mult, 0.8);
  return Math.max(600, Math.round(hours * HOUR));
}

const lossStageCum = new Map(); // stage count -> cumulative weights
function pickLossStage(rng, stageCount) {
  if (!lossStageCum.has(stageCount)) lossStageCum.set(stageCount, cumulative(LOSS_STAGE_WEIGHTS.slice(0, stageCount)));
  return rng.weighted(lossStageCum.get(stageCount));
}

function pickLossReason(rng, lossIdx, noReply) {
  if (rng.chance(EMPTY_LOSS_REASON_SHARE)) return '';
  const cum = noReply ? LOSS_CUM_NO_REPLY : lossIdx <= 1 ? LOSS_CUM_EARLY : LOSS_CUM_LATE;
  return LOSS_REASONS[rng.weighted(cum)];
}

/** First outgoing touch: manager's speed x channel class, in working time. */
function firstResponseTime(rng, created, manager, source) {
  const minutes = rng.lognormal(manager.frt * FRT_CLASS_FACTOR[source.cls], 0.9);
  // Hot leads arriving out of hours are sometimes answered straight away.
  if (!isWorkingMoment(created) && source.cls === 'hot' && rng.chance(0.2)) {
    return created + 60 + Math.round(Math.min(minutes, 30) * 60);
  }
  return addWorking(created, Math.max(30, minutes * 60));
}

/**
 * Plans one deal: attributes, outcome and the full stage history, cut at END.
 * Returns everything the writers need; tasks and touches are derived from it.
 */
function planDeal(rng, ctx, created) {
  const manager = MANAGERS[rng.weighted(MANAGER_CUM)];
  const pipeline = PIPELINES[rng.weighted(PIPELINE_CUM)];
  const stages = pipeline.stages;
  const source = rng.chance(EMPTY_SOURCE_SHARE) ? UNKNOWN_SOURCE : SOURCES[rng.weighted(SOURCE_CUM)];
  const segment = SEGMENTS[rng.weighted(manager.segmentCum || SEGMENT_CUM)];
  const title = makeTitle(rng, pipeline);
  let amount = sampleAmount(rng, segment, manager);

  const noReply = rng.chance(manager.noReply * (source.cls === 'cold' ? 0.3 : 1));
  const abandoned = created > ctx.end - 100 * DAY && rng.chance(manager.stall);
  const pWin = Math.min(0.9, manager.win * source.win * segment.win * pipeline.win / WIN_NORM);
  let outcome;      // 'won' | 'lost' | 'stuck' (never closes)
  let target;       // last open stage index the deal reaches
  if (abandoned) { outcome = 'stuck'; target = noReply ? 0 : Math.min(stages.length - 1, rng.int(0, 3)); }
  else if (noReply) { outcome = 'lost'; target = 0; }
  else if (rng.chance(pWin)) { outcome = 'won'; target = stages.length - (rng.chance(0.05) ? 2 : 1); }
  else { outcome = 'lost'; target = pickLossStage(rng, stages.length); }

  const firstTouch = noReply ? null : firstResponseTime(rng, created, manager, source);
  const durMult = segment.dur * manager.pace * (noReply ? 6 : 1);

  // Stage history, cut at END: whatever has not happened by then is dropped.
  const path = stagePath(rng, target);
  const events = [{ from: '', to: stages[0], at: created }];
  let t = created;
  let cur = 0;
  let complete = true;
  for (let k = 1; k < path.length; k++) {
    let next = addWorking(t, stageDuration(rng, stages[cur], durMult));
    if (k === 1 && firstTouch !== null && next < firstTouch + 300) next = firstTouch + 300 + rng.int(0, HOUR);
    if (next > ctx.end) { complete = false; break; }
    events.push({ from: stages[cur], to: stages[path[k]], at: next });
    t = next;
    cur = path[k];
  }
  let state = 'open';
  let closed = null;
  let lossReason = '';
  if (complete && outcome !== 'stuck') {
    let close = addWorking(t, stageDuration(rng, stages[cur], durMult));
    if (firstTouch !== null && close < firstTouch + 300) close = firstTouch + 300 + rng.int(0, HOUR);
    if (close <= ctx.end) {
      state = outcome;
      closed = close;
      events.push({ from: stages[cur], to: outcome === 'won' ? WON_STAGE : LOST_STAGE, at: close });
      if (outcome === 'lost') lossReason = pickLossReason(rng, cur, noReply);
    }
  }

  // Amount gaps: a couple of won deals (a data-quality finding); unknown budget early on.
  if (state === 'won' && rng.chance(WON_EMPTY_AMOUNT_SHARE)) amount = null;
  else if (state !== 'won' && cur <= 1 && rng.chance(0.25)) amount = null;

  const lastEvent = events[events.length - 1].at;
  // The deal's active window: touches and tasks fall into it.
  let windowEnd = closed !== null ? closed : ctx.end;
  if (outcome === 'stuck') windowEnd = Math.min(ctx.end, lastEvent + rng.int(HOUR, 6 * DAY));

  return {
    manager, pipeline, source, segment, title, amount, noReply, stuck: outcome === 'stuck',
    state, stage: events[events.length - 1].to, stageIdx: cur, closed, lossReason,
    created, firstTouch, events, lastEvent, windowEnd,
  };
}

/** A moment in [lo, hi], usually moved into working hours. */
function touchMoment(rng, lo, hi) {
  return toWorkingHours(rng, lo + Math.floor(rng.next() * (hi - lo + 1)), hi);
}

/** Usually moves an out-of-hours t forward into working hours, never past hi. */
function toWorkingHours(rng, t, hi) {
  if (!isWorkingMoment(t) && rng.chance(0.85)) {
    const moved = nextWorkStart(t) + rng.int(0, 4 * HOUR);
    if (moved <= hi) return moved;
  }
  return t;
}

function callDuration(rng, type) {
  if (type === 'call_out') return rng.chance(0.10) ? rng.int(0, 9) : Math.max(10, Math.round(rng.lognormal(140, 0.8)));
  if (type === 'call_in') return rng.chance(0.04) ? rng.int(0, 9) : Math.max(10, Math.round(rng.lognormal(190, 0.7)));
  return null;
}

/** Touches of one deal, sorted by time, all within [created, windowEnd]. */
function planTouches(rng, d) {
  const touches = [];
  const add = (type, at, duration = callDuration(rng, type)) => touches.push({ type, at, duration });

  if (d.source.inbound) add(d.source.inbound, d.created);
  if (d.noReply) {
    if (rng.chance(0.3)) add(d.source.inbound || 'email_in', touchMoment(rng, d.created, d.windowEnd));
    return touches;
  }
  if (d.firstTouch > d.windowEnd) return touches; // not answered yet at END
  const missed = d.lossReason === 'Не дозвонились';
  add(d.source.reply, d.firstTouch, d.source.reply === 'call_out' && missed ? rng.int(0, 9) : undefined);
  if (missed) {
    for (let i = rng.int(1, 3); i > 0; i--) add('call_out', touchMoment(rng, d.firstTouch, d.windowEnd), rng.int(0, 9));
    return touches.sort(byAt);
  }

  // A meeting while the deal sat in the "Встреча" stage.
  let meetingFrom = null;
  for (const e of d.events) {
    if (e.to === 'Встреча') meetingFrom = e.at;
    else if (e.from === 'Встреча' && meetingFrom !== null && e.at > d.firstTouch) {
      add('meeting', touchMoment(rng, Math.max(d.firstTouch, meetingFrom), e.at));
      break;
    }
  }

  let extra;
  if (d.state === 'won') extra = rng.int(6, 15) - touches.length;
  else if (d.state === 'lost') extra = rng.int(0, 1 + 2 * d.stageIdx);
  else extra = rng.int(0, 1 + 2 * d.stageIdx);
  if (d.windowEnd - d.firstTouch < DAY) extra = Math.min(extra, 1);
  for (let i = 0; i < extra; i++) {
    const type = TOUCH_TYPES[rng.weighted(TOUCH_CUM)];
    add(type, touchMoment(rng, d.firstTouch, d.windowEnd));
  }
  return touches.sort(byAt);
}

function byAt(a, b) { return a.at - b.at; }

/** Rounds a due date up to the next quarter hour, as people set them. */
function roundQuarter(t) { return Math.ceil(t / 900) * 900; }

/**
 * Tasks of one deal as a rolling chain through its whole open life, as a
 * working account keeps them: the first task soon after the deal arrives,
 * each next one set when the previous is done (or, when it was forgotten,
 * some days after it fell due), sometimes after a gap with no next step.
 * Lateness and forgetting follow the manager's discipline. The chain stops
 * when the deal closes (its open task is closed with it) or is abandoned
 * (the last task is usually left to go overdue); open deals keep it up to
 * the end. So at any moment of the history (not only at the export) open
 * deals hold next steps, overdue steps and gaps in the same proportions.
 */
function planTasks(rng, d, end) {
  const tasks = [];
  const stop = d.closed !== null ? d.closed : d.stuck ? d.windowEnd : end;
  // Cadence: how far ahead a step is set, in working hours; slower deals, longer steps.
  const pace = Math.min(3, d.segment.dur * d.manager.pace);
  let at = touchMoment(rng, d.created, Math.min(stop, addWorking(d.created, 4 * HOUR)));
  for (let k = 0; k < MAX_TASKS_PER_DEAL && at <= stop && at <= end; k++) {
    const type = TASK_TYPES[rng.weighted(TASK_CUM)];
    const undated = rng.chance(0.015);
    const due = undated ? null : roundQuarter(addWorking(at, Math.round(rng.lognormal(16 * pace, 0.7) * HOUR)));
    let completed;
    let forgotten = false;
    if (rng.chance(d.manager.forget)) { completed = null; forgotten = true; }
    else if (due !== null && rng.chance(d.manager.late)) completed = toWorkingHours(rng, due + rng.int(HOUR, 4 * DAY), Infinity);
    else if (due !== null) completed = touchMoment(rng, at, due);
    else completed = toWorkingHours(rng, at + rng.int(HOUR, 2 * DAY), Infinity);

    const next = forgotten || completed === null
      ? toWorkingHours(rng, (due ?? at) + rng.int(HOUR, 5 * DAY), Infinity)
      : completed + rng.int(60, 2 * HOUR);
    const isLast = next > stop || next > end;
    // The step that was live when the deal was abandoned is usually left to go overdue.
    if (isLast && d.stuck && !forgotten && rng.chance(0.8)) completed = null;
    if (d.closed !== null && (completed === null || completed > d.closed)) completed = Math.max(at, d.closed);
    if (completed !== null && completed > end) completed = null;
    tasks.push({ type, created: at, due, completed });
    if (isLast) break;
    // Now and then the next step is only set after a pause (a gap with no next step).
    at = rng.chance(d.manager.noNext * 2) ? toWorkingHours(rng, next + rng.int(DAY, 8 * DAY), Infinity) : next;
  }
  return tasks;
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { out: null, deals: 5000, seed: 42, end: '2026-03-31' };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    const val = argv[i + 1];
    if (key === '--out') opts.out = val;
    else if (key === '--deals') opts.deals = Number(val);
    else if (key === '--seed') opts.seed = Number(val);
    else if (key === '--end') opts.end = val;
    else fail(`unknown argument: ${key}`);
    if (val === undefined) fail(`${key} needs a value`);
    i++;
  }
  if (!opts.out) fail('--out DIR is required');
  if (!Number.isInteger(opts.deals) || opts.deals < 1) fail('--deals must be a positive integer');
  if (!Number.isInteger(opts.seed)) fail('--seed must be an integer');
  if (parseDay(opts.end) === null) fail('--end must be a date YYYY-MM-DD');
  return opts;
}

function fail(msg) {
  process.stderr.write(`gen-demo: ${msg}\nusage: node scripts/gen-demo.mjs --out DIR [--deals 5000] [--seed 42] [--end 2026-03-31]\n`);
  process.exit(2);
}

function firstHistoryDay(endDay) {
  const d = new Date(endDay * DAY * 1000);
  const ms = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - HISTORY_MONTHS, d.getUTCDate() + 1);
  return ms / 1000 / DAY;
}

function generate(opts) {
  const endDay = parseDay(opts.end);
  const ctx = { end: endDay * DAY + DAY - 1 };
  const rng = new Rng(opts.seed);
  fs.mkdirSync(opts.out, { recursive: true });
  const out = {};
  for (const [key, f] of Object.entries(FILES)) out[key] = new ChunkWriter(path.join(opts.out, f.name), f.header);

  const created = sampleCreatedTimes(rng, opts.deals, firstHistoryDay(endDay), endDay);
  let taskNo = 0;
  let touchNo = 0;
  const idWidth = Math.max(6, String(opts.deals * 3).length);
  for (let i = 0; i < opts.deals; i++) {
    const id = 'D' + (10001 + i);
    const d = planDeal(rng, ctx, created[i]);
    const owner = csv(d.manager.name);
    out.deals.line([
      id, csv(d.title), csv(d.pipeline.name), csv(d.stage), d.state, owner, csv(d.source.name),
      d.segment.name, formatAmount(d.amount), 'RUB', formatTime(d.created),
      d.closed === null ? '' : formatTime(d.closed), csv(d.lossReason),
    ].join(','));
    for (const e of d.events) {
      out.events.line(`${id},${csv(e.from)},${csv(e.to)},${formatTime(e.at)},${owner}`);
    }
    for (const k of planTasks(rng, d, ctx.end)) {
      out.tasks.line([
        padId('T', ++taskNo, idWidth), id, owner, formatTime(k.created),
        k.due === null ? '' : formatTime(k.due), k.completed === null ? '' : formatTime(k.completed), k.type,
      ].join(','));
    }
    for (const a of planTouches(rng, d)) {
      out.activities.line(`${padId('A', ++touchNo, idWidth + 1)},${id},${owner},${a.type},${formatTime(a.at)},${a.duration ?? ''}`);
    }
  }
  for (const w of Object.values(out)) w.close();

  const manifest = { files: Object.values(FILES).map((f) => f.name), deals: opts.deals, seed: opts.seed };
  fs.writeFileSync(path.join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

generate(parseArgs(process.argv.slice(2)));
