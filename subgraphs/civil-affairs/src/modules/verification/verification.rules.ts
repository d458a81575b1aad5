/**
 * The eligibility tests of household economic verification (家庭经济状况核对, issue 9 item 2) as pure functions: one per
 * test, each returning its outcome AND its explanation (rule id, the figures, the ids of the records used). No database,
 * no clock: everything comes in as arguments, so a stored run can be re-checked with the same inputs.
 *
 * Arithmetic is exact: amounts are integer fen (bigint) and quotients are kept as fractions (a monthly income of 1000.00
 * over 3 months is 100000/3 fen); comparisons are made on the exact fractions. Rounding happens only when a figure is
 * shown or paid: half-up to the fen (分), at the end (the per-capita income shown, the dibao amount).
 */

// ---- exact fractions of fen ----------------------------------------------------------------------------------

/** An exact non-negative quantity of fen: n / d (d > 0). */
export interface Fen {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a || 1n;
};
const norm = (n: bigint, d: bigint): Fen => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return { n: n / g, d: d / g };
};
export const fen = (n: bigint, d = 1n): Fen => norm(n, d);
export const ZERO: Fen = { n: 0n, d: 1n };
export const add = (a: Fen, b: Fen): Fen => norm(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Fen, b: Fen): Fen => norm(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Fen, k: bigint): Fen => norm(a.n * k, a.d);
export const div = (a: Fen, k: bigint): Fen => norm(a.n, a.d * k);
/** a × a decimal multiple written "1.5" (exact) */
export function times(a: Fen, multiple: string): Fen {
  const [i, f = ''] = multiple.split('.');
  return norm(a.n * BigInt(i + f), a.d * 10n ** BigInt(f.length));
}
export const cmp = (a: Fen, b: Fen): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};

/** Yuan "1234.50" (at most two decimals) as exact fen. */
export function yuanToFenExact(yuan: string): Fen {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!m) throw new Error(`not an amount of yuan: ${yuan}`);
  const v = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return { n: m[1] ? -v : v, d: 1n };
}

/** Rounded half-up (away from zero) to the fen, as yuan "1234.57": the one rounding of the rules, done at the end. */
export function toYuan(a: Fen): string {
  const neg = a.n < 0n;
  const n = neg ? -a.n : a.n;
  const f = (2n * n + a.d) / (2n * a.d); // floor(n/d + 1/2)
  const s = `${f / 100n}.${String(f % 100n).padStart(2, '0')}`;
  return neg && f !== 0n ? `-${s}` : s;
}

/** Exact value for an explanation: the rounded yuan, and the fraction when rounding changed it ("1033.33 (=310000/3 fen)"). */
function shown(a: Fen): string {
  return a.d === 1n ? toYuan(a) : `${toYuan(a)} (exactly ${a.n}/${a.d} fen)`;
}

// ---- inputs ---------------------------------------------------------------------------------------------------

export type Relation = 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'OTHER';
export type Confinement = 'NONE' | 'PRISON' | 'COMPULSORY_REHABILITATION';
export type DisabilityCategory = 'VISUAL' | 'HEARING' | 'SPEECH' | 'PHYSICAL' | 'INTELLECTUAL' | 'MENTAL' | 'MULTIPLE';

/** Income sources (counted monthly) and asset sources (counted against the limits). */
export const INCOME_SOURCES = ['WAGES', 'PENSION', 'SOCIAL_INSURANCE', 'HOUSING_FUND', 'AGRICULTURAL', 'BUSINESS_INCOME', 'OTHER_INCOME'] as const;
export const ASSET_SOURCES = ['VEHICLE', 'REAL_ESTATE', 'DEPOSIT', 'BUSINESS_REGISTRATION'] as const;
export type ItemSource = (typeof INCOME_SOURCES)[number] | (typeof ASSET_SOURCES)[number];
export const isIncomeSource = (s: ItemSource): boolean => (INCOME_SOURCES as readonly string[]).includes(s);

/** A verification record (income or asset item) as the rules read it. */
export interface RuleItem {
  id: string;
  personId: string;
  source: ItemSource;
  origin: 'DECLARED' | 'PARTNER_SOURCE';
  /** income: the total over the period; asset: its value — yuan, two decimals */
  amount: string;
  /** first and last month of the period, YYYY-MM (an asset: the month(s) its value was stated for) */
  periodFrom: string;
  periodTo: string;
  obtainedOn: string;
}

/** A member's circumstances the counting and tekun rules need (recorded by the caseworker; defaults when none). */
export interface RuleCircumstances {
  /** the id of the circumstance record used, null when none was recorded (all defaults) */
  recordId: string | null;
  fullTimeStudent: boolean;
  cannotLiveIndependently: boolean;
  livesApart: boolean;
  /** since when the member lives away as clergy (宗教教职人员), ISO date, or null */
  clergyAwaySince: string | null;
  confinement: Confinement;
  declaredMissing: boolean;
  /** whether a legal supporter able to support the member exists (tekun); null: not investigated */
  hasAbleLegalSupporter: boolean | null;
}

export const NO_CIRCUMSTANCES: RuleCircumstances = {
  recordId: null, fullTimeStudent: false, cannotLiveIndependently: false, livesApart: false, clergyAwaySince: null,
  confinement: 'NONE', declaredMissing: false, hasAbleLegalSupporter: null,
};

/** Where a health fact comes from: the disability federation's certificates, medical security's claims (both read through the graph), or a declaration typed in by the caller (labelled as such). */
export type HealthSource = 'DISABILITY_FEDERATION' | 'MEDICAL_SECURITY' | 'DECLARED';

/**
 * How a department's health facts of a member were read for this verification: READ (through the graph, with the
 * caller's rights), WITHHELD (the caller may not see that department's health data: the rules did not use it),
 * UNAVAILABLE (the department did not answer), NOT_READ (not read through the graph at all: the subgraph was asked
 * directly, or a stored run without a health ticket).
 */
export type HealthReading = 'READ' | 'WITHHELD' | 'UNAVAILABLE' | 'NOT_READ';

/** One disability as the rules read it, with where it comes from and the record (a certificate id) when known. */
export interface RuleDisability {
  category: DisabilityCategory;
  grade: number;
  source?: HealthSource;
  recordId?: string | null;
}

/**
 * A member's health as the single-person and tekun rules need it ON THE VERIFICATION'S DATE: the disabilities in force
 * (the disability federation's certificates valid on the date, and any declared) and whether a grave illness holds (a
 * grave-illness claim of medical security's treated within GRAVE_ILLNESS_MONTHS before the date, or declared), each
 * with its source; `reading` says how each department's facts were read (a gap means a condition could not be assessed).
 */
export interface RuleHealth {
  disabilities: RuleDisability[];
  graveIllness: boolean;
  /** since when the grave illness holds (the earliest episode's admission), when known */
  graveIllnessSince?: string | null;
  graveIllnessSource?: HealthSource | null;
  graveIllnessRecordIds?: string[];
  reading?: { disability: HealthReading; graveIllness: HealthReading };
  /** a one-line summary of where the figures come from (explanations show it) */
  source: string;
}
export const NO_HEALTH: RuleHealth = { disabilities: [], graveIllness: false, source: 'none' };

/** A grave illness counts on a date when an episode began on or before it and was last treated within this many months before it. */
export const GRAVE_ILLNESS_MONTHS = 12;

/** A disability certificate as the disability subgraph answers Person.verificationDisabilityFacts (internal field). */
export interface GraphDisabilityFact {
  personId?: string | null;
  certificateId?: string | null;
  category: string;
  grade: number | string;
  validFrom?: string | null;
  validTo?: string | null;
}

/** A grave-illness episode as medical answers Person.verificationGraveIllnessFacts (internal field). */
export interface GraphGraveIllnessFact {
  personId?: string | null;
  claimId?: string | null;
  since?: string | null;
  lastTreatedOn?: string | null;
}

const CATEGORIES: ReadonlySet<string> = new Set(['VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `on` minus `months` calendar months (the day clamped to the month's last). */
export function monthsBefore(on: string, months: number): string {
  const [y, m, d] = on.split('-').map(Number);
  const idx = y * 12 + (m - 1) - months;
  const yy = Math.floor(idx / 12);
  const mm = (idx % 12) + 1;
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  return `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * A member's health on `on` from what the graph delivered (the verification filters by the date itself): the
 * certificates in force on the date (validFrom <= on <= validTo), and a grave illness when an episode began on or before
 * the date and was last treated within GRAVE_ILLNESS_MONTHS before it. A reading other than READ contributes nothing
 * (the facts were withheld from the caller, or the department did not answer, or nothing was read through the graph).
 * Malformed facts (an unknown category, a grade outside 1-4, no dates) are ignored.
 */
export function healthFromGraph(
  on: string,
  disability: { reading: HealthReading; facts?: readonly GraphDisabilityFact[] | null },
  grave: { reading: HealthReading; facts?: readonly GraphGraveIllnessFact[] | null },
): RuleHealth {
  const disabilities: RuleDisability[] =
    disability.reading !== 'READ'
      ? []
      : (disability.facts ?? [])
          .map((f) => ({ f, grade: typeof f.grade === 'number' ? f.grade : Number(String(f.grade).replace('GRADE_', '')) }))
          .filter(({ f, grade }) => CATEGORIES.has(f.category) && Number.isInteger(grade) && grade >= 1 && grade <= 4
            && !!f.validFrom && ISO_DATE.test(f.validFrom) && !!f.validTo && ISO_DATE.test(f.validTo) && f.validFrom <= on && on <= f.validTo)
          .map(({ f, grade }) => ({ category: f.category as DisabilityCategory, grade, source: 'DISABILITY_FEDERATION' as const, recordId: f.certificateId ?? null }))
          .sort((a, b) => a.grade - b.grade || a.category.localeCompare(b.category) || String(a.recordId).localeCompare(String(b.recordId)));
  const from = monthsBefore(on, GRAVE_ILLNESS_MONTHS);
  const episodes =
    grave.reading !== 'READ'
      ? []
      : (grave.facts ?? []).filter((e) => !!e.since && ISO_DATE.test(e.since) && !!e.lastTreatedOn && ISO_DATE.test(e.lastTreatedOn) && e.since <= on && e.lastTreatedOn >= from);
  const since = episodes.map((e) => e.since!).sort()[0] ?? null;
  const health: RuleHealth = {
    disabilities,
    graveIllness: episodes.length > 0,
    graveIllnessSince: since,
    graveIllnessSource: episodes.length ? 'MEDICAL_SECURITY' : null,
    graveIllnessRecordIds: episodes.map((e) => e.claimId ?? '').filter(Boolean).sort(),
    reading: { disability: disability.reading, graveIllness: grave.reading },
    source: '',
  };
  health.source = healthSummary(health);
  return health;
}

/** Add declared facts (typed in by the caller, labelled DECLARED) to a member's health from the graph. */
export function withDeclared(h: RuleHealth, declared: { disabilities: { category: DisabilityCategory; grade: number }[]; graveIllness: boolean } | undefined): RuleHealth {
  if (!declared || (!declared.disabilities.length && !declared.graveIllness)) return h;
  const out: RuleHealth = {
    ...h,
    disabilities: [...h.disabilities, ...declared.disabilities.map((d) => ({ ...d, source: 'DECLARED' as const, recordId: null }))],
    graveIllness: h.graveIllness || declared.graveIllness,
    graveIllnessSource: h.graveIllness ? h.graveIllnessSource : declared.graveIllness ? 'DECLARED' : null,
  };
  out.source = healthSummary(out);
  return out;
}

/** What could not be assessed for a member: the departments whose facts were not read (empty when all were read). */
export function healthGaps(h: RuleHealth): string[] {
  const r = h.reading;
  if (!r) return [];
  const gaps: string[] = [];
  if (r.disability !== 'READ') gaps.push(`disability certificates ${r.disability}`);
  if (r.graveIllness !== 'READ') gaps.push(`grave illness ${r.graveIllness}`);
  return gaps;
}

/** "disability: PHYSICAL grade 1 (DISABILITY_FEDERATION); grave illness: since 2026-03-02 (MEDICAL_SECURITY)" and the readings. */
export function healthSummary(h: RuleHealth): string {
  const d = h.disabilities.length ? h.disabilities.map((x) => `${x.category} grade ${x.grade} (${x.source ?? 'input'})`).join(', ') : 'none';
  const g = h.graveIllness ? `yes${h.graveIllnessSince ? ` since ${h.graveIllnessSince}` : ''} (${h.graveIllnessSource ?? 'input'})` : 'none';
  const r = h.reading ? `; read: disability ${h.reading.disability}, medical ${h.reading.graveIllness}` : '';
  return `disability: ${d}; grave illness: ${g}${r}`;
}

/** The ids of the department records a member's health used (certificates, claims). */
const healthRecordIds = (h: RuleHealth): string[] => [
  ...h.disabilities.map((d) => d.recordId ?? '').filter(Boolean),
  ...(h.graveIllnessSource === 'MEDICAL_SECURITY' ? (h.graveIllnessRecordIds ?? []) : []),
];

export interface RuleMember {
  personId: string;
  relation: Relation;
  birthDate: string;
  status: 'ACTIVE' | 'DECEASED' | 'MOVED_AWAY';
  statusDate: string | null;
  circumstances: RuleCircumstances;
  health: RuleHealth;
}

/** The figures of the standards table in force (see verification.standards.ts). */
export interface RuleStandards {
  standard: string;
  marginalFactor: string;
  depositMonthsPerPerson: string;
  vehicleExemptMonths: string;
  maxVehicles: number;
  maxRealEstate: number;
  maxBusinessRegistrations: number;
}

/** One step of an explanation: which rule, whether it holds, its figures and the records it used. */
export interface Explanation {
  rule: string;
  met: boolean;
  summary: string;
  figures: { name: string; value: string }[];
  recordIds: string[];
}
const explain = (rule: string, met: boolean, summary: string, figures: Record<string, string | number>, recordIds: string[] = []): Explanation => ({
  rule, met, summary, figures: Object.entries(figures).map(([name, value]) => ({ name, value: String(value) })), recordIds,
});

// ---- dates ----------------------------------------------------------------------------------------------------

/** Whole years from `birthDate` to `on` (ISO dates). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const monthIndex = (ym: string): number => {
  const [y, m] = ym.split('-').map(Number);
  return y * 12 + (m - 1);
};
/** Months from `from` to `to` inclusive (YYYY-MM). */
export const monthsOf = (from: string, to: string): number => monthIndex(to) - monthIndex(from) + 1;

// ---- 1. counted members ---------------------------------------------------------------------------------------

export interface CountedMembers {
  counted: { personId: string; rule: string }[];
  excluded: { personId: string; rule: string }[];
  explanation: Explanation;
}

/** Years a clergy member has lived away on `on` (3+ excludes them). */
const yearsSince = (since: string, on: string) => ageOn(since, on);

/**
 * 共同生活的家庭成员 Who counts (最低生活保障审核确认办法 art. 8-9; domain notes): the head (the applicant); the spouse;
 * minor children; adult children who cannot live independently, full-time students included; other members with a legal
 * duty of support who live with the family (PARENT, OTHER, an adult CHILD living at home). Excluded first, whatever the
 * relation: a person born after the date (not yet a member on it), a member no longer active on the date (died, moved away), clergy living away 3 years or more, a member
 * serving a prison term or in compulsory drug rehabilitation, a member declared missing; then a member who lives apart
 * and is neither head, spouse, minor child nor dependent adult child.
 */
export function countedMembers(members: RuleMember[], on: string): CountedMembers {
  const counted: CountedMembers['counted'] = [];
  const excluded: CountedMembers['excluded'] = [];
  const records: string[] = [];
  for (const m of members) {
    const c = m.circumstances;
    if (c.recordId) records.push(c.recordId);
    const out = (rule: string) => excluded.push({ personId: m.personId, rule });
    const inn = (rule: string) => counted.push({ personId: m.personId, rule });
    if (m.birthDate > on) out('EXCLUDED.NOT_YET_BORN');
    else if (m.status !== 'ACTIVE' && m.statusDate !== null && m.statusDate <= on) out('EXCLUDED.NOT_ACTIVE');
    else if (c.clergyAwaySince && yearsSince(c.clergyAwaySince, on) >= 3) out('EXCLUDED.CLERGY_AWAY_3_YEARS');
    else if (c.confinement === 'PRISON') out('EXCLUDED.PRISON');
    else if (c.confinement === 'COMPULSORY_REHABILITATION') out('EXCLUDED.COMPULSORY_REHABILITATION');
    else if (c.declaredMissing) out('EXCLUDED.DECLARED_MISSING');
    else if (m.relation === 'HEAD') inn('MEMBER.HEAD');
    else if (m.relation === 'SPOUSE') inn('MEMBER.SPOUSE');
    else if (m.relation === 'CHILD' && ageOn(m.birthDate, on) < 18) inn('MEMBER.MINOR_CHILD');
    else if (m.relation === 'CHILD' && c.fullTimeStudent) inn('MEMBER.FULL_TIME_STUDENT');
    else if (m.relation === 'CHILD' && c.cannotLiveIndependently) inn('MEMBER.ADULT_CHILD_DEPENDENT');
    else if (!c.livesApart) inn('MEMBER.CO_RESIDENT_SUPPORT_DUTY');
    else out('EXCLUDED.LIVES_APART');
  }
  return {
    counted,
    excluded,
    explanation: explain(
      'COUNTED_MEMBERS',
      counted.length > 0,
      `${counted.length} counted member(s), ${excluded.length} excluded`,
      {
        counted: counted.length,
        excluded: excluded.length,
        ...Object.fromEntries([...counted, ...excluded].map((x) => [`member ${x.personId}`, x.rule])),
      },
      records,
    ),
  };
}

// ---- 2. income ------------------------------------------------------------------------------------------------

/** The months of the verification window: the 12 months ending with the month of `on`. */
export const WINDOW_MONTHS = 12;

/**
 * The items of the window that count, for members `personIds`: obtained on or before `on`, whose period reaches into the
 * WINDOW_MONTHS months ending with the month of `on` (periodTo >= that month - 11, periodFrom <= that month). Of one
 * member and one source, when a partner source returned items, the declared ones are left out (the partner's data
 * prevails: 信息核对).
 */
export function itemsInWindow(items: RuleItem[], personIds: ReadonlySet<string>, on: string): { used: RuleItem[]; superseded: RuleItem[] } {
  const month = monthIndex(on.slice(0, 7));
  const inWindow = items.filter(
    (i) => personIds.has(i.personId) && i.obtainedOn <= on && monthIndex(i.periodTo) >= month - (WINDOW_MONTHS - 1) && monthIndex(i.periodFrom) <= month,
  );
  const partner = new Set(inWindow.filter((i) => i.origin === 'PARTNER_SOURCE').map((i) => `${i.personId}/${i.source}`));
  const used: RuleItem[] = [];
  const superseded: RuleItem[] = [];
  for (const i of inWindow) (i.origin === 'DECLARED' && partner.has(`${i.personId}/${i.source}`) ? superseded : used).push(i);
  const byId = (a: RuleItem, b: RuleItem) => a.id.localeCompare(b.id);
  return { used: used.sort(byId), superseded: superseded.sort(byId) };
}

/** The monthly rate of one income item: its amount over the months of its period (exact). */
export const monthlyOf = (i: RuleItem): Fen => div(yuanToFenExact(i.amount), BigInt(monthsOf(i.periodFrom, i.periodTo)));

/** What one income item contributes to the window: the months of its period inside the window that it counts for. */
export interface ItemShare {
  item: RuleItem;
  /** months of its period inside the window where it counts (not displaced by a later-obtained item) */
  months: number;
  /** months of its period inside the window displaced by a later-obtained item of the same member and source */
  displaced: number;
  /** amount x months / months of its period: its share of the window's income (exact) */
  share: Fen;
}

/**
 * Each item's share of the window's income: amount x (months of its period inside the window) / (months of its period).
 * Overlapping items of one member and source (the same month covered twice, e.g. a declaration corrected by a later
 * one, or a yearly statement over monthly payslips) do not add up: for each month the item obtained last counts
 * (ties: the greater id), the others are displaced for that month. Items are never added twice for one month.
 */
export function itemShares(used: RuleItem[], on: string): ItemShare[] {
  const last = monthIndex(on.slice(0, 7));
  const first = last - (WINDOW_MONTHS - 1);
  const later = (a: RuleItem, b: RuleItem) => a.obtainedOn > b.obtainedOn || (a.obtainedOn === b.obtainedOn && a.id > b.id);
  const winner = new Map<string, RuleItem>(); // person/source/month -> the item counted for it
  for (const i of used)
    for (let m = Math.max(first, monthIndex(i.periodFrom)); m <= Math.min(last, monthIndex(i.periodTo)); m++) {
      const k = `${i.personId}/${i.source}/${m}`;
      const w = winner.get(k);
      if (!w || later(i, w)) winner.set(k, i);
    }
  return used.map((i) => {
    let months = 0;
    let displaced = 0;
    for (let m = Math.max(first, monthIndex(i.periodFrom)); m <= Math.min(last, monthIndex(i.periodTo)); m++)
      winner.get(`${i.personId}/${i.source}/${m}`) === i ? months++ : displaced++;
    return { item: i, months, displaced, share: mul(monthlyOf(i), BigInt(months)) };
  });
}

export interface PerCapitaIncome {
  /** exact monthly income of the counted members over the window */
  total: Fen;
  /** exact per-capita monthly income (total / counted) — null with no counted member */
  perCapita: Fen | null;
  explanation: Explanation;
}

/**
 * 家庭人均月收入 Per-capita monthly income over the verification window (the WINDOW_MONTHS months ending with the month of
 * `on`): the household's monthly income = Σ over the counted members' income items (itemsInWindow) of amount × (months
 * of the item's period inside the window, not displaced by a later-obtained item of the same member and source) ÷
 * (months of the item's period), all ÷ WINDOW_MONTHS; divided by the number of counted members, exactly; shown rounded
 * half-up to the fen. A month with no item counts as no income: consecutive items are averaged over the window, not
 * added (three quarterly 1000.00 items are 250.00 a month, twelve monthly payslips of 1000.00 are 1000.00 a month).
 */
export function perCapitaIncome(items: RuleItem[], counted: string[], on: string): PerCapitaIncome {
  const { used, superseded } = itemsInWindow(items.filter((i) => isIncomeSource(i.source)), new Set(counted), on);
  const shares = itemShares(used, on);
  const inWindow = shares.reduce((t, x) => add(t, x.share), ZERO);
  const total = div(inWindow, BigInt(WINDOW_MONTHS));
  const perCapita = counted.length ? div(total, BigInt(counted.length)) : null;
  const figures: Record<string, string> = {
    'window': `${monthsBefore(on, WINDOW_MONTHS - 1).slice(0, 7)}..${on.slice(0, 7)} (${WINDOW_MONTHS} months)`,
    'income in the window': shown(inWindow),
    'total monthly income': `${shown(total)} (income in the window / ${WINDOW_MONTHS})`,
    'counted members': String(counted.length),
    'per-capita monthly income': perCapita ? shown(perCapita) : 'none (no counted member)',
  };
  for (const x of shares) {
    const i = x.item;
    const period = monthsOf(i.periodFrom, i.periodTo);
    figures[`item ${i.id}`] =
      `${i.source} ${i.origin} ${i.amount} over ${i.periodFrom}..${i.periodTo} (${period} months), ${x.months} counted in the window` +
      `${x.displaced ? ` (${x.displaced} displaced by a later-obtained item of the same member and source)` : ''}: ${i.amount} x ${x.months} / ${period} = ${shown(x.share)}`;
  }
  for (const i of superseded) figures[`item ${i.id}`] = `${i.source} DECLARED left out: a partner source returned this member's ${i.source}`;
  return {
    total,
    perCapita,
    explanation: explain(
      'PER_CAPITA_INCOME',
      perCapita !== null,
      perCapita ? `per-capita monthly income ${toYuan(perCapita)} (total ${toYuan(total)} / ${counted.length})` : 'no counted member: no per-capita income',
      figures,
      shares.filter((x) => x.months > 0).map((x) => x.item.id),
    ),
  };
}

// ---- 3. assets ------------------------------------------------------------------------------------------------

export interface AssetCheck {
  within: boolean;
  explanation: Explanation;
}

/**
 * 财产状况 Assets of `personIds` against the limits in force: deposits at most depositMonthsPerPerson × standard × persons;
 * vehicles valued above vehicleExemptMonths × standard at most maxVehicles; dwellings at most maxRealEstate; business
 * registrations at most maxBusinessRegistrations.
 */
export function assetCheck(items: RuleItem[], personIds: string[], on: string, s: RuleStandards): AssetCheck {
  const { used } = itemsInWindow(items.filter((i) => !isIncomeSource(i.source)), new Set(personIds), on);
  const standard = yuanToFenExact(s.standard);
  const of = (src: ItemSource) => used.filter((i) => i.source === src);
  const deposits = of('DEPOSIT').reduce((t, i) => add(t, yuanToFenExact(i.amount)), ZERO);
  const depositLimit = mul(times(standard, s.depositMonthsPerPerson), BigInt(personIds.length));
  const exemptValue = times(standard, s.vehicleExemptMonths);
  const vehicles = of('VEHICLE').filter((i) => cmp(yuanToFenExact(i.amount), exemptValue) > 0).length;
  const dwellings = of('REAL_ESTATE').length;
  const businesses = of('BUSINESS_REGISTRATION').length;
  const failures: string[] = [];
  if (cmp(deposits, depositLimit) > 0) failures.push('deposits above the limit');
  if (vehicles > s.maxVehicles) failures.push('vehicles');
  if (dwellings > s.maxRealEstate) failures.push('real estate');
  if (businesses > s.maxBusinessRegistrations) failures.push('business registrations');
  return {
    within: failures.length === 0,
    explanation: explain(
      'ASSETS_WITHIN_LIMITS',
      failures.length === 0,
      failures.length ? `assets beyond the limits: ${failures.join(', ')}` : 'assets within the limits',
      {
        deposits: toYuan(deposits),
        'deposit limit': `${toYuan(depositLimit)} (${s.depositMonthsPerPerson} x ${s.standard} x ${personIds.length})`,
        'vehicles above the exempt value': `${vehicles} (exempt value ${toYuan(exemptValue)}, at most ${s.maxVehicles})`,
        'real estate': `${dwellings} (at most ${s.maxRealEstate})`,
        'business registrations': `${businesses} (at most ${s.maxBusinessRegistrations})`,
      },
      used.map((i) => i.id),
    ),
  };
}

// ---- 4. dibao -------------------------------------------------------------------------------------------------

export interface DibaoOutcome {
  eligible: boolean;
  /** monthly amount for the household, yuan rounded half-up to the fen; null when not eligible */
  amount: string | null;
  explanation: Explanation;
}

/**
 * 最低生活保障 Dibao: per-capita income strictly below the standard (exactly at it is not below), decided on the exact
 * (unrounded) figure, and assets within the limits; monthly amount = (standard − per-capita income) × counted members,
 * computed exactly and rounded half-up to the fen at the end. An amount that rounds to 0.00 pays nothing: the household
 * is not a dibao household (it is then tested as a marginal one). Explanations show the exact figure whenever rounding
 * changed it, so "1150.00 is below 1150.00" never appears.
 */
export function dibaoTest(income: PerCapitaIncome, counted: number, assets: AssetCheck, s: RuleStandards): DibaoOutcome {
  const standard = yuanToFenExact(s.standard);
  const below = income.perCapita !== null && cmp(income.perCapita, standard) < 0;
  const exactAmount = below && counted > 0 ? mul(sub(standard, income.perCapita!), BigInt(counted)) : null;
  const rounded = exactAmount ? toYuan(exactAmount) : null;
  const pays = rounded !== null && rounded !== '0.00';
  const eligible = below && pays && assets.within && counted > 0;
  const amount = eligible ? rounded : null;
  const pc = income.perCapita ? shown(income.perCapita) : 'none';
  return {
    eligible,
    amount,
    explanation: explain(
      'DIBAO',
      eligible,
      eligible
        ? `per-capita income ${pc} is below the standard ${s.standard} and assets are within the limits: (${s.standard} - per-capita income) x ${counted} = ${amount} a month`
        : !below
          ? `per-capita income ${pc} is not below the standard ${s.standard}`
          : !pays
            ? `per-capita income ${pc} is below the standard ${s.standard} but (${s.standard} - per-capita income) x ${counted} = ${shown(exactAmount!)} rounds to 0.00: nothing to pay`
            : 'assets are beyond the limits',
      {
        standard: s.standard, 'per-capita monthly income': pc, 'counted members': counted, 'assets within limits': String(assets.within),
        amount: amount ?? (exactAmount && !pays ? `none (${shown(exactAmount)} rounds to 0.00)` : 'none'),
      },
      [...income.explanation.recordIds, ...assets.explanation.recordIds],
    ),
  };
}

// ---- 5. marginal ----------------------------------------------------------------------------------------------

export interface MarginalOutcome {
  eligible: boolean;
  explanation: Explanation;
}

/**
 * 低保边缘家庭 Marginal household: not dibao, per-capita income strictly below marginalFactor × the standard (exactly at
 * it is not below), assets within the limits.
 */
export function marginalTest(dibao: DibaoOutcome, income: PerCapitaIncome, assets: AssetCheck, s: RuleStandards): MarginalOutcome {
  const limit = times(yuanToFenExact(s.standard), s.marginalFactor);
  const below = income.perCapita !== null && cmp(income.perCapita, limit) < 0;
  const eligible = !dibao.eligible && below && assets.within;
  return {
    eligible,
    explanation: explain(
      'MARGINAL',
      eligible,
      dibao.eligible
        ? 'eligible for dibao: not a marginal household'
        : eligible
          ? `per-capita income ${shown(income.perCapita!)} is below ${s.marginalFactor} x ${s.standard} = ${toYuan(limit)} and assets are within the limits`
          : !below
            ? `per-capita income ${income.perCapita ? shown(income.perCapita) : 'none'} is not below ${s.marginalFactor} x ${s.standard} = ${toYuan(limit)}`
            : 'assets are beyond the limits',
      { 'marginal limit': toYuan(limit), factor: s.marginalFactor, standard: s.standard, 'per-capita monthly income': income.perCapita ? shown(income.perCapita) : 'none', dibao: String(dibao.eligible) },
      [...income.explanation.recordIds, ...assets.explanation.recordIds],
    ),
  };
}

// ---- 6. single-person coverage --------------------------------------------------------------------------------

export interface SinglePersonOutcome {
  personId: string;
  eligible: boolean;
  explanation: Explanation;
}

/** The health condition of single-person coverage, or null: grade 1-2 of any category, grade 3 intellectual or mental, a grave illness. */
export function singlePersonCondition(h: RuleHealth): string | null {
  const d = h.disabilities.find((x) => x.grade <= 2);
  if (d) return `${d.category} disability grade ${d.grade}`;
  const d3 = h.disabilities.find((x) => x.grade === 3 && (x.category === 'INTELLECTUAL' || x.category === 'MENTAL'));
  if (d3) return `${d3.category} disability grade 3`;
  return h.graveIllness ? 'a grave illness (重病)' : null;
}

/**
 * 单人保 Single-person coverage inside a marginal household: a counted member of a marginal household with a grade 1-2
 * disability, a grade 3 intellectual or mental disability, or a grave illness may be covered by dibao alone.
 */
export function singlePersonTest(member: RuleMember, marginal: MarginalOutcome): SinglePersonOutcome {
  const condition = singlePersonCondition(member.health);
  const eligible = marginal.eligible && condition !== null;
  const gaps = healthGaps(member.health);
  return {
    personId: member.personId,
    eligible,
    explanation: explain(
      'SINGLE_PERSON_COVERAGE',
      eligible,
      !marginal.eligible
        ? 'the household is not a marginal household'
        : condition
          ? `member of a marginal household with ${condition}`
          : gaps.length
            ? `not assessed in full (${gaps.join(', ')}): no qualifying condition among the facts read`
            : 'no grade 1-2 disability, grade 3 intellectual or mental disability, or grave illness',
      { 'marginal household': String(marginal.eligible), condition: condition ?? 'none', 'health data from': member.health.source, 'not assessed': gaps.length ? gaps.join(', ') : 'none' },
      [...(member.circumstances.recordId ? [member.circumstances.recordId] : []), ...(condition ? healthRecordIds(member.health) : [])],
    ),
  };
}

// ---- 7. tekun -------------------------------------------------------------------------------------------------

export interface TekunOutcome {
  personId: string;
  eligible: boolean;
  noCapacityToWork: boolean;
  noSourceOfLiving: boolean;
  noAbleSupporter: boolean;
  explanation: Explanation;
}

/**
 * The reason a member has no capacity to work (丧失劳动能力), or null: 60 or older; under 18; a grade 1-3 intellectual or
 * mental, grade 1-2 physical or grade 1 visual disability (domain notes).
 */
export function incapacity(member: RuleMember, on: string): string | null {
  const age = ageOn(member.birthDate, on);
  if (age >= 60) return `aged ${age} (60 or older)`;
  if (age < 18) return `aged ${age} (under 18)`;
  const d = member.health.disabilities.find(
    (x) => ((x.category === 'INTELLECTUAL' || x.category === 'MENTAL') && x.grade <= 3) || (x.category === 'PHYSICAL' && x.grade <= 2) || (x.category === 'VISUAL' && x.grade === 1),
  );
  return d ? `${d.category} disability grade ${d.grade}` : null;
}

/**
 * 特困人员 Tekun, per person, all three: no capacity to work (incapacity); no source of living — the person's own monthly
 * income strictly below the standard and their own assets within the limits of one person; no legal supporter able to
 * support them (the investigation's finding; not recorded: not met).
 */
export function tekunTest(member: RuleMember, items: RuleItem[], on: string, s: RuleStandards): TekunOutcome {
  const why = incapacity(member, on);
  const own = perCapitaIncome(items, [member.personId], on);
  const assets = assetCheck(items, [member.personId], on, s);
  const noSource = cmp(own.total, yuanToFenExact(s.standard)) < 0 && assets.within;
  const supporter = member.circumstances.hasAbleLegalSupporter;
  const noSupporter = supporter === false;
  const eligible = why !== null && noSource && noSupporter;
  return {
    personId: member.personId,
    eligible,
    noCapacityToWork: why !== null,
    noSourceOfLiving: noSource,
    noAbleSupporter: noSupporter,
    explanation: explain(
      'TEKUN',
      eligible,
      [
        why ? `no capacity to work: ${why}` : healthGaps(member.health).some((g) => g.startsWith('disability'))
          ? 'capacity to work not assessed in full (disability certificates not read): aged 18-59'
          : 'has capacity to work (18-59, no disabling grade)',
        noSource ? `no source of living (own income ${toYuan(own.total)} below ${s.standard}, assets within)` : `a source of living (own income ${toYuan(own.total)}${assets.within ? '' : ', assets beyond the limits'})`,
        supporter === false ? 'no able legal supporter' : supporter === true ? 'has an able legal supporter' : 'legal supporters not investigated',
      ].join('; '),
      { 'capacity to work': why ? `none: ${why}` : 'yes', 'own monthly income': shown(own.total), standard: s.standard, 'own assets within limits': String(assets.within), 'able legal supporter': supporter === null ? 'not recorded' : String(supporter), 'health data from': member.health.source },
      [...(member.circumstances.recordId ? [member.circumstances.recordId] : []), ...(why && /disability/.test(why) ? healthRecordIds(member.health) : []), ...own.explanation.recordIds, ...assets.explanation.recordIds],
    ),
  };
}

// ---- the household ------------------------------------------------------------------------------------------

export type VerificationOutcomeKind = 'DIBAO' | 'MARGINAL' | 'NOT_ELIGIBLE';

export interface HouseholdVerification {
  outcome: VerificationOutcomeKind;
  countedMembers: number;
  perCapitaIncome: string | null;
  assetsWithinLimits: boolean;
  dibaoAmount: string | null;
  singlePersonCoverage: string[];
  tekun: string[];
  steps: Explanation[];
}

/** Every test on one household: counted members, income, assets, dibao, marginal, single-person coverage and tekun per member. */
export function verify(members: RuleMember[], items: RuleItem[], on: string, s: RuleStandards): HouseholdVerification {
  const c = countedMembers(members, on);
  const ids = c.counted.map((x) => x.personId);
  const income = perCapitaIncome(items, ids, on);
  const assets = assetCheck(items, ids, on, s);
  const dibao = dibaoTest(income, ids.length, assets, s);
  const marginal = marginalTest(dibao, income, assets, s);
  const countedSet = new Set(ids);
  const single = members.filter((m) => countedSet.has(m.personId)).map((m) => singlePersonTest(m, marginal));
  // tekun is a person's own test: every member but those the counting excludes as absent (dead or gone, clergy away,
  // confined, missing); a member merely living apart is still tested
  const absent = new Set(c.excluded.filter((x) => x.rule !== 'EXCLUDED.LIVES_APART').map((x) => x.personId));
  const tekun = members.filter((m) => !absent.has(m.personId)).map((m) => tekunTest(m, items, on, s));
  return {
    outcome: dibao.eligible ? 'DIBAO' : marginal.eligible ? 'MARGINAL' : 'NOT_ELIGIBLE',
    countedMembers: ids.length,
    perCapitaIncome: income.perCapita ? toYuan(income.perCapita) : null,
    assetsWithinLimits: assets.within,
    dibaoAmount: dibao.amount,
    singlePersonCoverage: single.filter((x) => x.eligible).map((x) => x.personId),
    tekun: tekun.filter((x) => x.eligible).map((x) => x.personId),
    steps: [
      c.explanation, income.explanation, assets.explanation, dibao.explanation, marginal.explanation,
      ...single.map((x) => ({ ...x.explanation, summary: `${x.personId}: ${x.explanation.summary}` })),
      ...tekun.map((x) => ({ ...x.explanation, summary: `${x.personId}: ${x.explanation.summary}` })),
    ],
  };
}
