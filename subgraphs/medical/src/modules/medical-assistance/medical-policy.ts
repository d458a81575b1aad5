import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError, Decimal, type Yuan } from '@aidgraph/subgraph-kit';
import bundled from './medical-policy.json';

/**
 * The medical assistance policy table (医疗救助政策): configuration with effective dates, never hard-coded figures.
 * The bundled medical-policy.json is used unless MEDICAL_POLICY_FILE names a file of the same shape. The table is
 * validated with zod when the subgraph starts (schema.ts loads it): a bad file stops the start with every problem listed.
 *
 * Rules the validation enforces, from 国办发〔2021〕42号:
 * - 特困人员 (TEKUN) and 低保对象 (DIBAO) are aided at no less than 70% of the eligible remainder;
 * - people with no category (NONE) get no aid: the table cannot name NONE;
 * - a fixed premium subsidy cannot exceed the premium.
 */

const yuanString = z.string().regex(/^\d{1,10}\.\d{2}$/, 'an amount of yuan with two decimals, e.g. "2000.00"');
const ratioString = z
  .string()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'a decimal fraction from 0 to 1 with at most 4 decimals, e.g. "0.70"');
const isoDate = z.iso.date();

const categoryRule = z.strictObject({
  /** share of the eligible remainder paid for a hospital stay (住院) */
  inpatientRatio: ratioString,
  /** share of the eligible remainder paid for outpatient care (门诊) */
  outpatientRatio: ratioString,
  /** 起付线: eligible remainder per calendar year that the person pays before aid starts */
  deductible: yuanString,
});

const medicalAidEntry = z.strictObject({
  effectiveFrom: isoDate,
  /** 年度救助限额: most medical aid per person per calendar year (set by the province) */
  annualCap: yuanString,
  categories: z.strictObject({ TEKUN: categoryRule.optional(), DIBAO: categoryRule.optional(), MARGINAL: categoryRule.optional() }),
});

const subsidy = z.union([z.literal('FULL'), yuanString]);
const premiumEntry = z.strictObject({
  effectiveFrom: isoDate,
  /** 城乡居民医保个人缴费: the yearly individual premium of resident medical insurance */
  residentPremium: yuanString,
  /** 参保资助 by category: "FULL" (the whole premium) or a fixed amount of yuan; an absent category gets none */
  subsidies: z.strictObject({ TEKUN: subsidy.optional(), DIBAO: subsidy.optional(), MARGINAL: subsidy.optional() }),
});

const MIN_RATIO = new Decimal('0.70');

export const medicalPolicySchema = z
  .object({
    description: z.string().optional(),
    source: z.string().optional(),
    medicalAid: z.array(medicalAidEntry).min(1),
    premiumSubsidy: z.array(premiumEntry).min(1),
  })
  .superRefine((t, ctx) => {
    for (const list of ['medicalAid', 'premiumSubsidy'] as const) {
      const seen = new Set<string>();
      t[list].forEach((e, i) => {
        if (seen.has(e.effectiveFrom)) ctx.addIssue({ code: 'custom', path: [list, i, 'effectiveFrom'], message: 'two entries take effect on the same date' });
        seen.add(e.effectiveFrom);
      });
    }
    t.medicalAid.forEach((e, i) => {
      for (const c of ['TEKUN', 'DIBAO'] as const) {
        const rule = e.categories[c];
        if (!rule) continue;
        for (const k of ['inpatientRatio', 'outpatientRatio'] as const)
          if (new Decimal(rule[k]).lessThan(MIN_RATIO))
            ctx.addIssue({ code: 'custom', path: ['medicalAid', i, 'categories', c, k], message: `${c} is aided at no less than 70% (国办发〔2021〕42号)` });
      }
    });
    t.premiumSubsidy.forEach((e, i) => {
      for (const [c, s] of Object.entries(e.subsidies))
        if (s && s !== 'FULL' && new Decimal(s).greaterThan(e.residentPremium))
          ctx.addIssue({ code: 'custom', path: ['premiumSubsidy', i, 'subsidies', c], message: 'a fixed subsidy cannot exceed the premium' });
    });
  });

export type MedicalPolicy = z.infer<typeof medicalPolicySchema>;
export type MedicalAidPolicy = MedicalPolicy['medicalAid'][number];
export type MedicalAidCategoryRule = z.infer<typeof categoryRule>;
export type PremiumPolicy = MedicalPolicy['premiumSubsidy'][number];
export type PremiumSubsidyRule = 'FULL' | Yuan;

/**
 * Validate a policy table (an object, e.g. parsed JSON) and sort its entries by effective date.
 * Throws ConfigError listing every problem (`where` names the source in the messages).
 */
export function parseMedicalPolicy(raw: unknown, where = 'medical policy table'): MedicalPolicy {
  const parsed = medicalPolicySchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${where}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  const t = parsed.data;
  t.medicalAid.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  t.premiumSubsidy.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return t;
}

/** Read the policy table from `file` (the value of MEDICAL_POLICY_FILE), or the bundled one when it is unset. Throws ConfigError. */
export function loadMedicalPolicy(file: string | undefined): MedicalPolicy {
  if (!file) return parseMedicalPolicy(structuredClone(bundled), 'bundled medical-policy.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([`MEDICAL_POLICY_FILE: cannot read a JSON policy table (${(e as NodeJS.ErrnoException).code ?? 'invalid JSON'})`]);
  }
  return parseMedicalPolicy(raw, 'MEDICAL_POLICY_FILE');
}

let cached: { file: string | undefined; table: MedicalPolicy } | undefined;

/** The policy table in force for this process (read once per MEDICAL_POLICY_FILE value; immutable configuration). */
export function medicalPolicy(): MedicalPolicy {
  const file = process.env.MEDICAL_POLICY_FILE || undefined;
  if (!cached || cached.file !== file) cached = { file, table: loadMedicalPolicy(file) };
  return cached.table;
}

/** The medical aid entry in force on `date` (ISO), or undefined before the first entry. */
export function medicalAidPolicyOn(table: MedicalPolicy, date: string): MedicalAidPolicy | undefined {
  let found: MedicalAidPolicy | undefined;
  for (const e of table.medicalAid) if (e.effectiveFrom <= date) found = e;
  return found;
}

/**
 * The date the premium rules of insurance year `year` refer to: 1 January of that year. The entry in force on it and
 * the person's category on it decide the year's premium subsidy.
 */
export function premiumRuleDate(year: number): string {
  return `${String(year).padStart(4, '0')}-01-01`;
}

/** The premium entry for insurance year `year`: the one in force on 1 January of that year, or undefined. */
export function premiumPolicyFor(table: MedicalPolicy, year: number): PremiumPolicy | undefined {
  const date = premiumRuleDate(year);
  let found: PremiumPolicy | undefined;
  for (const e of table.premiumSubsidy) if (e.effectiveFrom <= date) found = e;
  return found;
}
