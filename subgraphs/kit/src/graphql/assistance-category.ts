import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { addCalendarDays, isCalendarDate } from '../domain/plausibility';
import { Protected } from '../access/policy';

/**
 * 救助类别 A person's civil-affairs category (today, or on a date by its history). Civil affairs owns it (`Person.assistanceCategory`); other
 * departments require it through federation (@requires) for their own rules. Defined once here so that every subgraph
 * declares the identical enum, as composition needs.
 */
export enum AssistanceCategory {
  TEKUN = 'TEKUN',
  DIBAO = 'DIBAO',
  MARGINAL = 'MARGINAL',
  NONE = 'NONE',
}
registerEnumType(AssistanceCategory, {
  name: 'AssistanceCategory',
  description:
    '救助类别 A person\'s civil-affairs category, derived from their enrolments (TEKUN before DIBAO before MARGINAL): the ' +
    'current one (Person.assistanceCategory) or the one in force on a date (Person.assistanceCategoryHistory). Other ' +
    'departments require it through federation (@requires) rather than copying it.',
  valuesConfig: {
    TEKUN: { description: '特困人员 a 特困人员救助供养 enrolment in force' },
    DIBAO: { description: '低保对象 a 最低生活保障 enrolment in force' },
    MARGINAL: { description: '低保边缘 a member of a marginal household (低保边缘家庭)' },
    NONE: { description: '无 none of these' },
  },
});

const VALUES = new Set<string>(Object.values(AssistanceCategory));

/** The category of a federation representation's value, or undefined when it is absent or not one of the values. */
export function asAssistanceCategory(value: unknown): AssistanceCategory | undefined {
  return typeof value === 'string' && VALUES.has(value) ? (value as AssistanceCategory) : undefined;
}

/** The dates of an enrolment that bear on the category (a civil-affairs Enrolment has them all). */
export interface CategoryEnrolment {
  programme: string;
  startDate: string;
  endDate: string | null;
}

/** One period of a category history: from `from` to `to` (ISO dates, both included; `to` null = until further notice). */
export interface CategoryPeriod {
  from: string;
  to: string | null;
  category: AssistanceCategory;
}

/**
 * 救助类别时段 A period during which a person's civil-affairs category was one value: the history civil affairs answers
 * (`Person.assistanceCategoryHistory`) and departments require (@requires) to apply their rules on the date each rule
 * refers to. Shared by the subgraphs that declare it (a value type).
 */
@Directive('@shareable')
@ObjectType('AssistanceCategoryPeriod', {
  description:
    '救助类别时段 A period during which the person\'s civil-affairs category was one value (from the enrolments\' start and end ' +
    'dates: TEKUN before DIBAO before MARGINAL). Only periods with a category are listed; on any other date the category was NONE.',
})
export class AssistanceCategoryPeriod implements CategoryPeriod {
  // classed as the enrolments they come from (Enrolment.startDate/endDate, Enrolment.programme); the list itself,
  // Person.assistanceCategoryHistory, is classified in the table (null for analysts, collapsed for other departments)
  @Protected('quasi.date')
  @Field(() => String, { nullable: true, description: 'First day of the period, ISO date YYYY-MM-DD (class quasi.date).' })
  from: string;

  @Protected('quasi.date')
  @Field(() => String, { nullable: true, description: 'Last day of the period (ISO date, included); null while it goes on (class quasi.date).' })
  to: string | null;

  @Protected('quasi.programme')
  @Field(() => AssistanceCategory, { nullable: true, description: '救助类别 The category in force on every day of the period (never NONE) (class quasi.programme).' })
  category: AssistanceCategory;
}

/** The categories in order of precedence: a person in two programmes on one day has the first. */
const PRECEDENCE: readonly AssistanceCategory[] = [AssistanceCategory.TEKUN, AssistanceCategory.DIBAO, AssistanceCategory.MARGINAL];

/**
 * A person's category history from their enrolments' dates: for every day, the category of the enrolments in force
 * that day (start date to end date, both included; no end date = until further notice), TEKUN before DIBAO before
 * MARGINAL; TEMPORARY (one-off aid) is no category. Status plays no part: an enrolment ended on a date was in force
 * until that date, whatever happened after. Adjacent days of one category are merged into one period; days of NONE
 * are left out. Sorted by date; periods never overlap. Pure: no clock, no database.
 */
export function categoryPeriods(enrolments: readonly CategoryEnrolment[]): CategoryPeriod[] {
  const relevant = enrolments.filter(
    (e) => PRECEDENCE.includes(e.programme as AssistanceCategory) && isCalendarDate(e.startDate) && (e.endDate == null || e.endDate >= e.startDate),
  );
  const bounds = new Set<string>();
  for (const e of relevant) {
    bounds.add(e.startDate);
    if (e.endDate) bounds.add(addCalendarDays(e.endDate, 1));
  }
  const dates = [...bounds].sort();
  const out: CategoryPeriod[] = [];
  dates.forEach((from, i) => {
    const to = i + 1 < dates.length ? addCalendarDays(dates[i + 1], -1) : null;
    const inForce = relevant.filter((e) => e.startDate <= from && (e.endDate == null || e.endDate >= from));
    const category = PRECEDENCE.find((c) => inForce.some((e) => e.programme === c));
    if (!category) return;
    const last = out[out.length - 1];
    if (last && last.category === category && last.to != null && addCalendarDays(last.to, 1) === from) last.to = to;
    else out.push({ from, to, category });
  });
  return out;
}

/** The category on `date` (ISO) by a category history: the period that holds the date, NONE when none does. */
export function categoryOn(periods: readonly CategoryPeriod[], date: string): AssistanceCategory {
  for (const p of periods) if (p.from <= date && (p.to == null || date <= p.to)) return p.category;
  return AssistanceCategory.NONE;
}

/**
 * The category history of a federation representation's value (a list of `{ from, to, category }`), or undefined
 * when it is absent or not well formed (not a list, a date that is not a calendar date, `to` before `from`, a value
 * that is not a category): a department then computes nothing from it.
 */
export function asCategoryPeriods(value: unknown): CategoryPeriod[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: CategoryPeriod[] = [];
  for (const v of value) {
    if (typeof v !== 'object' || v === null) return undefined;
    const { from, to, category } = v as Record<string, unknown>;
    const c = asAssistanceCategory(category);
    if (!c || !isCalendarDate(from) || !(to == null || (isCalendarDate(to) && to >= from))) return undefined;
    out.push({ from, to: (to as string | null | undefined) ?? null, category: c });
  }
  return out.sort((a, b) => a.from.localeCompare(b.from));
}
