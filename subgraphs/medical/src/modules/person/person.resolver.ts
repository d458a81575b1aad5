import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Decimal, Protected, VerificationGraveIllnessFact, categoryOn, inScope, withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { MedicalClaim } from '../medical-claim/medical-claim.entity';
import { MedicalClaimStatus } from '../medical-claim/medical-claim.enums';
import { medicalClaimsByPersonId } from '../medical-claim/medical-claim.loader';
import { checkYear } from '../medical-claim/medical-claim.resolver';
import { DEPARTMENT, todayInChina } from '../medical-claim/medical-claim.service';
import { MedicalAssistanceSummary } from '../medical-assistance/medical-assistance.types';
import { computeMedicalAid, computePremiumSubsidy } from '../medical-assistance/medical-aid.calculator';
import { medicalPolicy, premiumRuleDate } from '../medical-assistance/medical-policy';

/**
 * 重特大疾病 A grave illness as household economic verification reads it from medical's records: a RECORDED claim that
 * critical-illness insurance (城乡居民大病保险) paid part of. That insurance pays only once a patient's eligible costs in a
 * year pass its threshold (high-cost, grave illness: cancers, uraemia, leukaemia, a stroke or heart attack treated in
 * hospital), so the flag rests on the insurer's settlement, not on a reading of the diagnosis text, which is never
 * passed on. Since when: the claim's admission date; last treated: its discharge date (civil affairs decides how recent
 * a treatment must be on the verification's date).
 */
export function graveIllnessFacts(rows: readonly MedicalClaim[]): VerificationGraveIllnessFact[] {
  return rows
    .filter((c) => c.status === MedicalClaimStatus.RECORDED && new Decimal(c.criticalIllnessInsurancePaid).greaterThan(0))
    .map((c) => Object.assign(new VerificationGraveIllnessFact(), { personId: c.personId, claimId: c.id, since: c.admissionDate, lastTreatedOn: c.dischargeDate }));
}

/**
 * The fields medical adds to Person. Both load the person's claims through one per-request DataLoader. Both are
 * sensitive as a whole (a hospital or an aid reveals an illness): other departments' officers get FORBIDDEN for the
 * field, and every read is noted in the audit log.
 */
@Resolver(() => PersonStub)
export class PersonMedicalResolver {
  @FieldResolver(() => [MedicalClaim], {
    nullable: true,
    description:
      '医疗救助申请 The person\'s medical assistance claims (医疗保障局), in chronological order of discharge; empty when there ' +
      'are none, null when the medical subgraph cannot answer. A caseworker sees the claims handled in their township. ' +
      'Sensitive health data: FORBIDDEN for other departments\' officers (the medical security bureau, caseworkers and ' +
      'auditors see it). Empty for analysts (class health.medical: every claimant is an assistance recipient whom gender, ' +
      'age band and township single out; count with medicalClaims(filter) { totalCount }).',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  async medicalClaims(
    @Root() p: PersonStub,
    @Arg('year', () => Int, { nullable: true, description: 'Only claims discharged in this calendar year (2000-2100).' }) year: number | null,
    @Arg('includeWithdrawn', { defaultValue: false, description: 'Also list WITHDRAWN claims (default false).' }) includeWithdrawn: boolean,
    @Ctx() ctx: SubgraphContext,
  ): Promise<MedicalClaim[]> {
    if (year != null) checkYear(year, 'year');
    if (withheldAt(ctx.identity, 'Person.medicalClaims')) return [];
    const rows = await medicalClaimsByPersonId(ctx).load(p.id);
    return rows.filter(
      (c) =>
        inScope(ctx.identity, c.townshipCode) &&
        (includeWithdrawn || c.status === MedicalClaimStatus.RECORDED) &&
        (year == null || c.dischargeDate.startsWith(`${year}-`)),
    );
  }

  @Directive('@requires(fields: "assistanceCategoryHistory { from to category }")')
  @FieldResolver(() => MedicalAssistanceSummary, {
    nullable: true,
    description:
      '医疗救助 The person\'s medical assistance for a calendar year (国办发〔2021〕42号), computed when read: the recorded claims ' +
      'discharged in the year, in chronological order, each under the policy table entry in force on its discharge date and ' +
      'the person\'s civil-affairs category on that date (from the category history required from civil affairs, never ' +
      'today\'s category: ending or starting an enrolment today leaves past claims as they were): TEKUN and DIBAO at no less ' +
      'than 70% of the eligible remainder, MARGINAL after a yearly deductible at a lower ratio, NONE nothing; up to the ' +
      'annual cap (年度救助限额), with the year-to-date aid, the remaining cap and the premium subsidy (参保资助, for the category ' +
      'on 1 January of the year). Amounts in yuan, rounded half-up to the fen per claim. Null when the category history is ' +
      'not known (the subgraph was asked directly, without it in the representation). ' +
      'Scope: every figure is computed only from the claims the caller may see — for a caseworker, the claims handled in ' +
      'their township, as if the others did not exist (deductible, cap and totals included). Claims of other townships are ' +
      'hidden from the caseworker, and any figure that counted them (a total, a deductible already consumed, a cap already ' +
      'reached) would reveal them; the bureau\'s own figure, over all claims, is on the medical security officers\' view. ' +
      'Sensitive health data (class health.medical): FORBIDDEN for other departments\' officers. Null for analysts: its ' +
      'ratio, deductible and premium subsidy reveal the civil-affairs category (class quasi.programme, which analysts do ' +
      'not get per row: recipients are named on public notices).',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  async medicalAssistance(
    @Root() p: PersonStub,
    @Arg('year', () => Int, { nullable: true, description: 'Calendar year (2000-2100); default the current year in China.' }) year: number | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<MedicalAssistanceSummary | null> {
    const y = year == null ? Number(todayInChina().slice(0, 4)) : checkYear(year, 'year');
    if (withheldAt(ctx.identity, 'Person.medicalAssistance')) return null;
    const history = p.assistanceCategoryHistory;
    if (!history) return null;
    const rows = await medicalClaimsByPersonId(ctx).load(p.id);
    const policy = medicalPolicy();
    // only the claims the caller may see: a total over hidden claims would reveal them (see the description)
    const counted = rows.filter((c) => c.status === MedicalClaimStatus.RECORDED && inScope(ctx.identity, c.townshipCode));
    // every rule with the category on the date it refers to; the summary's own category: on 31 December of a past
    // year, today in the current one (1 January of a future one)
    const on = (date: string) => categoryOn(history, date);
    const today = todayInChina();
    const first = premiumRuleDate(y);
    const last = `${first.slice(0, 4)}-12-31`;
    const asOf = today < first ? first : today > last ? last : today;
    const aid = computeMedicalAid(on, counted, y, policy, asOf);
    return { ...aid, premiumSubsidy: computePremiumSubsidy(on(first), y, policy) };
  }

  @Directive('@inaccessible')
  @FieldResolver(() => [VerificationGraveIllnessFact], {
    nullable: true,
    description:
      '核对用重特大疾病 INTERNAL (@inaccessible: not in the API schema, only the query planner fetches it): the person\'s ' +
      'grave-illness episodes as household economic verification reads them (a recorded claim that critical-illness ' +
      'insurance paid part of: since its admission, last treated on its discharge; no diagnosis), required by civil ' +
      'affairs\' Household.verification. Answered with the caller\'s token under the rules of Person.medicalClaims (class ' +
      'health.medical): a caseworker gets the claims handled in their township only, other departments\' officers (civil ' +
      'affairs\' too) and village assistants FORBIDDEN, analysts an empty list.',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  async verificationGraveIllnessFacts(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<VerificationGraveIllnessFact[]> {
    if (withheldAt(ctx.identity, 'Person.medicalClaims')) return [];
    const rows = await medicalClaimsByPersonId(ctx).load(p.id);
    return graveIllnessFacts(rows.filter((c) => inScope(ctx.identity, c.townshipCode)));
  }
}
