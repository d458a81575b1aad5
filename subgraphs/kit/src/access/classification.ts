import type { Identity } from './identity';

/**
 * AidGraph's data classification: the ONE place that says, for every kind of personal data, what it reveals and what
 * each role gets. Classes are named by what a value REVEALS, not by the field's name: a value from which a protected
 * value can be computed (a dibao amount is the standard minus the household's income) is in the class of the value
 * it reveals. The field rules (`@Protected`, policy.ts), the list and filter checks, the README's access matrix
 * (schema/access-matrix.js) and the inference and k-anonymity tests all read this file.
 */

/**
 * The roles and scopes the matrix distinguishes. A township approver reads exactly as a caseworker of its township
 * (caseworkerInScope / caseworkerOutOfScope); a village assistant has a column of its own for the people, households and
 * records of its village (villageAssistant) and reads as a caseworker of another township everywhere else — records
 * without a villageCode, other villages, and data owned by a department other than those it works for
 * (VILLAGE_ASSISTANT_DEPARTMENTS). The public disclosure site (role `public`, publicSite) gets FORBIDDEN for every class but
 * `disclosure` (deny by default: a new class is FORBIDDEN to it unless it says otherwise).
 */
export const MATRIX_ROLES = [
  'caseworkerInScope',
  'caseworkerOutOfScope',
  'villageAssistant',
  'officerOwner',
  'officerOther',
  'analyst',
  'auditor',
  'publicSite',
] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/** What a role gets for a value of a class. */
export type Outcome =
  /** the value as stored */
  | 'value'
  /** a masked form (kept for compatibility; no class uses it any more: masked identifiers still single people out) */
  | 'masked'
  /** a coarser form (an age band instead of an age, a year instead of a date) */
  | 'banded'
  /** null, without an error: the field exists for others */
  | 'null'
  /** left out of a list (rows, enrolments, covered groups), as if it did not exist; counts leave it out too */
  | 'omitted'
  /** shown as the nearest category that reveals nothing protected (see the class's `collapse`) */
  | 'collapsed'
  /** a FORBIDDEN error (code FORBIDDEN); its message depends only on the caller and the field, never on the data */
  | 'FORBIDDEN'
  /** a filter (or a whole list) allowed only in a query that selects no rows (a bare `totalCount`); FORBIDDEN when the query selects
   *  anything else of the list (edges, a cursor) — decided from the query alone, never from the data */
  | 'countOnly';

export interface DataClassDefinition {
  /** short title for the matrix */
  title: string;
  /** what a value of this class reveals (why it is protected) */
  reveals: string;
  /** the department whose officers see it (officerOwner); none for identifiers and public data */
  owner?: string;
  /** other departments whose officers see it as the owner does, with the reason */
  alsoOwners?: { department: string; reason: string }[];
  /** the outcome for each role; caseworkerOutOfScope applies to records handled outside the caseworker's (or township
   *  approver's) township, and to a village assistant outside its village; villageAssistant to a village assistant's
   *  own village (least privilege: it helps families apply, it does not read their files) */
  outcomes: Record<MatrixRole, Outcome>;
  /** whether the class is a quasi-identifier: known from outside (neighbours, public notices) and so able to single a
   *  person out in combination. The k-anonymity test checks every analyst-visible combination of these. */
  quasiIdentifier?: boolean;
  /** how a 'collapsed' outcome looks */
  collapse?: string;
}

const PERSONAL_ID: Record<MatrixRole, Outcome> = {
  caseworkerInScope: 'value',
  caseworkerOutOfScope: 'FORBIDDEN',
  villageAssistant: 'value',
  officerOwner: 'value',
  officerOther: 'value',
  analyst: 'null',
  auditor: 'value',
  publicSite: 'FORBIDDEN',
};
const CONTACT: Record<MatrixRole, Outcome> = { ...PERSONAL_ID, officerOwner: 'FORBIDDEN', officerOther: 'FORBIDDEN' };
const DEPARTMENT_HEALTH: Record<MatrixRole, Outcome> = {
  caseworkerInScope: 'value',
  caseworkerOutOfScope: 'omitted',
  villageAssistant: 'omitted',
  officerOwner: 'value',
  officerOther: 'FORBIDDEN',
  analyst: 'value',
  auditor: 'value',
  publicSite: 'FORBIDDEN',
};

/** Every class of data. Add a class here before a field may declare it. */
export const DATA_CLASSES = {
  'identifier.name': {
    title: '姓名 name',
    reveals: 'who the person is',
    outcomes: PERSONAL_ID,
    quasiIdentifier: true,
  },
  'identifier.idNumber': {
    title: '身份证号 resident ID number (and numbers containing it, e.g. a disability certificate number)',
    reveals: 'who the person is, birth date, gender, county of first registration; even first 6 + last 4 digits single most people out',
    outcomes: PERSONAL_ID,
    quasiIdentifier: true,
  },
  'identifier.birthDate': {
    title: '出生日期 / 年龄 birth date and exact age',
    reveals: 'birth year (with gender and place, unique for most people)',
    outcomes: { ...PERSONAL_ID, analyst: 'null' },
    quasiIdentifier: true,
  },
  'identifier.phone': {
    title: '联系电话 phone',
    reveals: 'who the person is, how to reach them',
    outcomes: CONTACT,
    quasiIdentifier: true,
  },
  'identifier.address': {
    title: '住址 address (home, rented dwelling)',
    reveals: 'who the person is, where they live',
    outcomes: CONTACT,
    quasiIdentifier: true,
  },
  'quasi.fine': {
    title: 'fine-grained demographics: village, relation to the head, registry status and its date, the household and its size',
    reveals: 'with gender and age band, a handful of people or one (household composition, a death in a village)',
    outcomes: { ...PERSONAL_ID, analyst: 'null' },
    quasiIdentifier: true,
  },
  'quasi.coarse': {
    title: 'coarse demographics: gender, age band, township',
    reveals: 'nothing alone; together at least k people share each combination (ANALYST_K_ANONYMITY, checked by a test)',
    outcomes: { ...PERSONAL_ID, analyst: 'value' },
    quasiIdentifier: true,
  },
  'quasi.date': {
    title: 'dates of a person\'s records (enrolment start and end; a hospital stay, an issue date, an approval date)',
    reveals:
      'links the members of a household (they share them) and matches public notices (公示) and what neighbours know ' +
      '(a stay in hospital); even the years of a person\'s enrolments single out one person in 2,400 (measured), so ' +
      'analysts get null and take durations and trends from the aggregate queries',
    outcomes: { ...PERSONAL_ID, analyst: 'null' },
    quasiIdentifier: true,
  },
  income: {
    title: '收入 income and what it is computed from or reveals',
    reveals:
      'the household\'s income: perCapitaMonthlyIncome itself, the asset check, and every amount computed from it — a dibao ' +
      'amount is the standard minus the per-capita income (单人保: minus half of it), so the amount recovers the income',
    owner: 'CIVIL_AFFAIRS',
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'FORBIDDEN',
      villageAssistant: 'FORBIDDEN',
      officerOwner: 'value',
      officerOther: 'FORBIDDEN',
      analyst: 'null',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
  'quasi.programme': {
    title:
      'membership of a publicly noticed assistance programme (公示): the civil-affairs category, covered groups, enrolments ' +
      '(programme, status) and the filters by programme or covered group; education aid and housing assistance records',
    reveals:
      'who is assisted, which the law publishes: dibao, tekun and marginal recipients are listed by name on public notices ' +
      'in the village (最低生活保障审核确认办法 民发〔2021〕57号, 特困人员认定办法 民发〔2021〕43号: 公示), so anyone who read the notice ' +
      'knows it; it is a quasi-identifier, not a secret — (TEKUN, township, gender, age band) singles out one person in ' +
      '2,400 (measured) and the opaque id then links that person to their department records. Analysts get no per-row ' +
      'programme data (null category, no covered groups, no enrolments, no medical aid computed from the category, no ' +
      'difficulty of a disability living subsidy — it is the category) and ' +
      'may filter by programme or covered group only for a bare count. Not in this class (sensitive attributes, not ' +
      'quasi-identifiers: their membership is not published, so an outsider cannot use it to find a row): medical claims ' +
      'and medical aid (医疗救助 is not noticed), disability certificates, subsidies and rehabilitation (残疾人保障法: private), ' +
      'charity grants (慈善法 第七十六条: a beneficiary\'s private information may not be published). Education aid and ' +
      'housing assistance are in this class too: education aid recipients (国家助学金, 教育资助) are noticed at their school, ' +
      'public rental allocations (公租房配租结果) and rent subsidies are noticed by the housing centre, and rural dilapidated-' +
      'house renovation households (农村危房改造) are noticed in the village, so a record is the person on a notice: ' +
      'analysts get no education aid (Person.educationAids empty) and no housing assistance (Person/Household.' +
      'housingAssistance null), and the lists educationAids, rentSubsidies, publicRentalAllocations and ' +
      'dilapidatedHouseRenovations answer them only a bare totalCount (null whatever the count). A charity grant\'s project may ' +
      'target a programme group (TEKUN_PERSON, DIBAO_RECIPIENT) and so give the category: analysts get grants only as a ' +
      'count (health.charity)',
    owner: 'CIVIL_AFFAIRS',
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'FORBIDDEN',
      villageAssistant: 'value',
      officerOwner: 'value',
      officerOther: 'value',
      analyst: 'null',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
    quasiIdentifier: true,
  },
  'health.coveredGroup': {
    title: 'health covered groups (救助对象 that name a health condition)',
    reveals:
      'a severe mental illness, cancer, cleft lip or cerebral palsy, a disability, an emergency (重度精神病, 两癌, 唇腭裂/脑瘫, ' +
      '困境残疾人, 见义勇为致残, 身份不明急危重症)',
    owner: 'CIVIL_AFFAIRS',
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'FORBIDDEN',
      villageAssistant: 'omitted',
      officerOwner: 'value',
      officerOther: 'omitted',
      analyst: 'value',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
  'health.enrolment': {
    title: 'health revealed by civil-affairs enrolments',
    reveals:
      'a severe disability or grave illness: single-person coverage (单人保: a DIBAO enrolment overlapping a MARGINAL ' +
      'one, active or ended — in a marginal household only the severely disabled or gravely ill get dibao alone), temporary ' +
      'assistance (临时救助, granted after a sudden difficulty, most often a grave illness)',
    owner: 'CIVIL_AFFAIRS',
    alsoOwners: [
      {
        department: 'MEDICAL_SECURITY',
        reason:
          'medical aid (国办发〔2021〕42号) depends on the true civil-affairs category (the gateway fetches it with the caller\'s ' +
          'token), and the bureau already sees the illness in its claims',
      },
    ],
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'FORBIDDEN',
      villageAssistant: 'collapsed',
      officerOwner: 'value',
      officerOther: 'collapsed',
      analyst: 'value',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
    collapse:
      'every DIBAO enrolment whose period overlaps a MARGINAL enrolment of the same person (active or ended, any dates: ' +
      'isSinglePersonCoverage, one rule for the resolver and the SQL filter) is single-person coverage and is left out of ' +
      'Person.enrolments, so an ended pair shows no DIBAO either; while the overlap is current the person is shown as the ' +
      'rest of the household: MARGINAL (DIBAO_RECIPIENT left out of Person.coveredGroups, assistanceCategory is MARGINAL, ' +
      'assistanceCategoryHistory is computed from the same collapsed enrolments, period by period, ' +
      'the person is not in people(filter: {programme: DIBAO}) nor {coveredGroup: DIBAO_RECIPIENT} and is in programme: ' +
      'MARGINAL, so lists, intersections and totalCount agree); TEMPORARY enrolments are left out and ' +
      'the TEMPORARY filter is refused (FORBIDDEN, whatever the data)',
  },
  'health.medical': {
    title: '医疗 medical claims, diagnoses and medical aid',
    reveals:
      'an illness (a hospital or an aid amount alone may reveal it). Every claimant is an assistance recipient (medical ' +
      'aid implies TEKUN, DIBAO or MARGINAL, quasi.programme) and among claimants most (gender, age band, township) groups ' +
      'hold one person, so a claim row links a diagnosis to an identifiable person: analysts get no claim rows (the ' +
      'medicalClaims list answers them only a bare totalCount (null whatever the count), Person.medicalClaims is empty, Person.medicalAssistance null)',
    owner: 'MEDICAL_SECURITY',
    outcomes: DEPARTMENT_HEALTH,
  },
  'health.disability': {
    title: '残疾 disability certificates, subsidies and rehabilitation',
    reveals:
      'a disability, its category and grade (a nursing subsidy: a severe one); a LIVING subsidy implies a DIBAO or ' +
      'MARGINAL household (quasi.programme), and a record with (gender, age band, township) singles most holders out: ' +
      'analysts get no rows (disabilityCertificates, disabilitySubsidies and rehabilitationServices answer them only a ' +
      'bare totalCount (null whatever the count), the Person fields are empty)',
    owner: 'DISABLED_PERSONS_FEDERATION',
    outcomes: DEPARTMENT_HEALTH,
  },
  'health.charity': {
    title: '慈善 charity grants',
    reveals:
      'an illness or disability (a grant\'s project may target a health group, its reason may name an illness), and more: ' +
      'a project\'s target groups (DIBAO_RECIPIENT, TEKUN_PERSON) give the recipient\'s civil-affairs category (quasi.programme), ' +
      'a 重阳 amount the age (300 yuan: 70-79, 500: 80+), a 助学 grant the school stage, the reason text a year or a holiday ' +
      'date, so (gender, age band, township, project, amount) leaves groups of 1-4 people and the opaque id then links the ' +
      'person to their diagnoses and disabilities. Analysts therefore get no grant rows: the charityGrants list answers ' +
      'them only a bare totalCount (null whatever the count), Person/Household.charityGrants are empty and CharityGrant.household is null',
    owner: 'CHARITY_FEDERATION',
    outcomes: DEPARTMENT_HEALTH,
  },
  'legal.aid': {
    title: '法律援助 legal aid cases (applications, aid type, matter, eligibility, status, provider, outcome)',
    reveals:
      'a criminal charge (a defence case: the person is a suspect or defendant; a victim\'s case: a crime suffered), a family ' +
      'dispute (domestic violence, maintenance owed by children or a spouse), a labour dispute or a work injury, and poverty ' +
      '(economic hardship, or the civil-affairs category it rests on: quasi.programme). Every applicant is poor or vulnerable ' +
      'and (gender, age band, township) singles most of them out, so analysts get no case rows: the legalAidCases list answers ' +
      'them only a bare totalCount (null whatever the count), Person.legalAidCases is empty. Declared by the legal-aid subgraph in its ' +
      'own files (classifyCoordinates); the providers (律师事务所, 法律援助中心) are public',
    owner: 'JUSTICE',
    // analysts: count only at the class itself, so that any new way to a case (a lookup, a provider's cases) withholds it
    outcomes: { ...DEPARTMENT_HEALTH, analyst: 'countOnly' },
  },
  'department.record': {
    title:
      'a department\'s records, by default (deny by default): what a department adds to Person, its record types and lists, ' +
      'until it classifies them more finely; declared with @Protected({ class: \'department.record\', owner: DEPARTMENT }) ' +
      'on the field or on the record type (the owner is named where it is declared)',
    reveals:
      'whatever the department knows of the person (a legal-aid case, a criminal charge, a debt): presumed sensitive until ' +
      'classified, so only that department, caseworkers of the township that handles the record and auditors see it',
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'omitted',
      villageAssistant: 'omitted',
      officerOwner: 'value',
      officerOther: 'FORBIDDEN',
      analyst: 'FORBIDDEN',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
  referral: {
    title: '协同办理 referrals: an accepted application handed to the department that runs a requested programme (service centre)',
    reveals:
      'that the person applied for a department\'s assistance (medical aid or rehabilitation: an illness or a disability; ' +
      'legal aid: a dispute or a charge) and where the application stands. Rows are scoped by the lists themselves: a ' +
      'department\'s officers see only the referrals to their department (officerOther stands for them on those rows), ' +
      'caseworkers and approvers their township\'s, the service centre, civil affairs and auditors all; analysts count them',
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'omitted',
      villageAssistant: 'omitted',
      officerOwner: 'value',
      officerOther: 'value',
      analyst: 'countOnly',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
  'referral.decision': {
    title: '协同办理决定 a department\'s decision on a referral (accepted with the record it created, or refused with the reason)',
    reveals:
      'the department\'s answer to the application (and its record: an aid, a claim, a case), kept in the department\'s ' +
      'database; the owner is the deciding department, named where the field is declared',
    alsoOwners: [
      { department: 'SOCIAL_ASSISTANCE_CENTRE', reason: 'the one window (一窗受理) follows every referral it made to its decision' },
    ],
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'omitted',
      villageAssistant: 'omitted',
      officerOwner: 'value',
      officerOther: 'FORBIDDEN',
      analyst: 'FORBIDDEN',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
  public: {
    title: 'public facts that name no assisted person: charity projects, donations (other than a person donor\'s name)',
    reveals: 'nothing about an assisted person (a project is announced; a donation is the donor\'s); for signed-in staff and analysts only: the public disclosure site (role public) gets it FORBIDDEN, as every class but disclosure',
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'value',
      villageAssistant: 'value',
      officerOwner: 'value',
      officerOther: 'value',
      analyst: 'value',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
  disclosure: {
    title:
      '公示 a public notice in force (最低生活保障审核确认办法 民发〔2021〕57号, 特困人员认定办法 民发〔2021〕43号, 临时救助): per village and ' +
      'programme, the applicant\'s name with the given name masked (张**), the household size, the proposed amount and the notice\'s dates; ' +
      'declared with @Protected(\'disclosure\') on the notice\'s fields; the only class the public disclosure site (role public) gets',
    reveals:
      'what the law publishes on the village notice board for 7 days: that a household of the village, of this size and surname, is ' +
      'proposed for this programme with this amount; the amount with the household size implies the per-capita income (a dibao ' +
      'amount is the standard minus it: 公示 publishes that on purpose) — only while the notice is in force, never the applicant\'s ' +
      'id, full name, ID number, income detail, illness or disability',
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'value',
      villageAssistant: 'value',
      officerOwner: 'value',
      officerOther: 'value',
      analyst: 'value',
      auditor: 'value',
      publicSite: 'value',
    },
  },
  'programme.record': {
    title: 'counts of assistance records (how many people a filter finds; the records themselves are quasi.programme)',
    reveals: 'that the person or household is assisted (poverty); the category itself bands income (DIBAO below the standard, MARGINAL below 1.5 x it)',
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'omitted',
      villageAssistant: 'value',
      officerOwner: 'value',
      officerOther: 'value',
      analyst: 'value',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
  application: {
    title:
      '救助申请 assistance applications (一窗受理): who applied, for which programmes, through which channel, the documents, the ' +
      'visits and the step the case stands at; declared with @Protected({ class: \'application\', owner: \'SOCIAL_ASSISTANCE_CENTRE\' })',
    reveals:
      'that a person or household asked for assistance, i.e. poverty (like quasi.programme, but not published until the ' +
      'public notice 公示, and unlike it also for the programmes refused or never granted), and with the programmes asked for ' +
      'possibly an illness or disability (medical aid, disability subsidies): the township\'s caseworkers and approver and the ' +
      'village\'s assistant handle it, the service centre and civil affairs run the procedure; other departments\' officers ' +
      'see only the referrals addressed to them (their own class, scoped per row by the referral); analysts count',
    owner: 'SOCIAL_ASSISTANCE_CENTRE',
    alsoOwners: [
      {
        department: 'CIVIL_AFFAIRS',
        reason:
          'the service centre is a unit of the civil-affairs bureau (市社会救助综合服务中心), which supervises the procedure and ' +
          'decides the programmes it runs (dibao, tekun, temporary assistance, vagrants)',
      },
    ],
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'FORBIDDEN',
      villageAssistant: 'value',
      officerOwner: 'value',
      officerOther: 'FORBIDDEN',
      analyst: 'countOnly',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
  credit: {
    title:
      '诚信 dishonesty records (失信记录) of social assistance and the credit flag an application shows (社会救助暂行办法 第六十八条: ' +
      'false report, concealment, forgery to obtain assistance); declared with @Protected({ class: \'credit\', owner: \'SOCIAL_ASSISTANCE_CENTRE\' })',
    reveals:
      'that a person was found to have obtained or sought assistance by fraud: a sanction, damaging to the person\'s standing (and in ' +
      'force for years), besides the poverty an application reveals; 社会救助暂行办法 第六十一条 binds the staff to keep personal ' +
      'information confidential, so only those who decide on the person\'s applications see it: the township\'s caseworkers and ' +
      'approver (scoped), the service centre and civil affairs (who record, revoke and export the records), auditors. Not the ' +
      'village assistant (it helps the family apply; it does not judge it), not other departments, never analysts or the public',
    owner: 'SOCIAL_ASSISTANCE_CENTRE',
    alsoOwners: [
      {
        department: 'CIVIL_AFFAIRS',
        reason: 'civil affairs confirms the fraud and decides the record (县级民政部门认定), and sends the records to the credit-sharing platform',
      },
    ],
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'FORBIDDEN',
      villageAssistant: 'FORBIDDEN',
      officerOwner: 'value',
      officerOther: 'FORBIDDEN',
      analyst: 'FORBIDDEN',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
  visit: {
    title:
      '探访 visits to recipient households and cadre-family pairings (结对帮扶): who visited when, the findings (codes and a note), ' +
      'the follow-up, the cadre paired with the family; declared with @Protected({ class: \'visit\' })',
    reveals:
      'that the household is a recipient (as quasi.programme) and what the visitor saw at home: living conditions, a change of ' +
      'income or household, often health (a member bedridden, care needed): the township\'s caseworkers and approver and the ' +
      'village\'s assistant (who visit), civil affairs (which supervises the visits), auditors; not other departments, not analysts',
    owner: 'CIVIL_AFFAIRS',
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'FORBIDDEN',
      villageAssistant: 'value',
      officerOwner: 'value',
      officerOther: 'FORBIDDEN',
      analyst: 'FORBIDDEN',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
  'supervision.alert': {
    title:
      '预警 supervision alerts (社会救助暂行办法 第五十七条, 胶政发〔2020〕106号 风险预警): a warning rule\'s finding about a person (rule, ' +
      'severity, status, the departments concerned) and its evidence items; declared with @Protected({ class: \'supervision.alert\', owner: \'SUPERVISION\' })',
    reveals:
      'that a person is suspected of receiving assistance wrongly (after death or moving away, twice for one need, above the ' +
      'standard) or is likely eligible but not enrolled, and through the departments concerned which programmes the person is in. ' +
      'An alert is the supervision office\'s own record, made for its legal duty (社会救助暂行办法 第五十七条; 胶政发〔2020〕106号 ' +
      '风险预警): SUPERVISION officers and auditors see every alert whole — every evidence item, every department, every amount ' +
      '(purpose-bound; every read audited like any other). Every other reader (another department\'s officer: only the alerts ' +
      'naming its department; a caseworker or approver: its township\'s) sees an alert only when it sees EVERY class the alert ' +
      'implies: the classes its rule implies (APPLICATION_OVERDUE application; PROACTIVE_DISCOVERY health.disability; ' +
      'ABOVE_STANDARD_OR_REVIEW_OVERDUE income, and health.enrolment behind a single-person coverage), the class of each evidence ' +
      'item and what its code implies (MARGINAL_NO_SINGLE_COVERAGE health.disability; SAME_MONTH_GRANT and OVERLAPPING_SUBSIDY the ' +
      'classes of both sides). The row is then whole or absent — no item is ever omitted — so no filter (rule, department) and no ' +
      'count can reveal a hidden one; only an amount whose own class the reader does not see (a dibao amount is income) is null. ' +
      'The implied classes are stored on the alert when raised (WarningAlert.classes) and filtered in SQL. Analysts count alerts ' +
      '(warningAlertStatistics); a rule run\'s rowsRead (how many records of a class exist) is for auditors only',
    owner: 'SUPERVISION',
    outcomes: {
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'omitted',
      villageAssistant: 'omitted',
      officerOwner: 'value',
      officerOther: 'value',
      analyst: 'countOnly',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
  auditLog: {
    title: 'the audit log',
    reveals: 'who looked at whom',
    outcomes: {
      caseworkerInScope: 'FORBIDDEN',
      caseworkerOutOfScope: 'FORBIDDEN',
      villageAssistant: 'FORBIDDEN',
      officerOwner: 'FORBIDDEN',
      officerOther: 'FORBIDDEN',
      analyst: 'FORBIDDEN',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    },
  },
} as const satisfies Record<string, DataClassDefinition>;

export type DataClass = keyof typeof DATA_CLASSES;

/** What a coordinate is: a field, a filter argument, a sort key of a list, a list, an enrolment combination or a count. */
export type CoordinateKind = 'field' | 'filter' | 'sort' | 'lookup' | 'list' | 'combination' | 'count';

export interface CoordinateClassification {
  class: DataClass;
  kind: CoordinateKind;
  /** the owning department when the class has none or another one applies here */
  owner?: string;
  /** how this coordinate carries the class, when it is not the plain value */
  note?: string;
  /** per-role outcomes that differ from the class's at this coordinate (e.g. a filter that is refused) */
  outcomes?: Partial<Record<MatrixRole, Outcome>>;
  /** a filter whose refusal applies only to some of its values (named here): the list resolver refuses those values
   *  itself, whatever the data; the kit's filter check (assertFiltersAllowed) lets the other values through */
  perValue?: string;
  /** a second class the coordinate carries (e.g. quasi.programme on the category, whose main class is about health):
   *  the coordinate's outcomes are the stricter of the two, written in `outcomes` where they differ from `class`'s */
  alsoClass?: DataClass;
}

/**
 * Every schema coordinate (Type.field, Input.field, Query.field; a bracket names an enrolment combination or an
 * argument value) that carries personal data, with its class. A test checks that each coordinate exists in the
 * composed supergraph and that every `@Protected` class is one of DATA_CLASSES.
 */
/**
 * A coordinate carrying membership of a programme whose recipients are noticed (公示): class quasi.programme, with
 * the analyst's outcome given (an empty list, null, or a bare count) and other townships' records left out for
 * caseworkers.
 */
function noticedMembership(kind: CoordinateKind, analyst: Outcome, note: string): CoordinateClassification {
  // other departments' programme data: their records carry a township only, so a village assistant gets none of them
  return { class: 'quasi.programme', kind, note, outcomes: { analyst, caseworkerOutOfScope: 'omitted', villageAssistant: 'omitted' } };
}

/**
 * A coordinate carrying a department's health records (medical claims, disability certificates, subsidies,
 * rehabilitation), with the analyst's outcome given (an empty list, a bare count): every record's person is an
 * assistance recipient or a person with a disability, whose rows with (gender, age band, township) single most of them
 * out, so analysts get counts, never rows.
 */
function healthRecords(cls: 'health.medical' | 'health.disability', kind: CoordinateKind, analyst: Outcome, note: string): CoordinateClassification {
  return { class: cls, kind, note, outcomes: { analyst } };
}

export const COORDINATES: Record<string, CoordinateClassification> = {
  // civil affairs: the registry
  'Person.name': { class: 'identifier.name', kind: 'field' },
  'Person.idNumber': { class: 'identifier.idNumber', kind: 'field' },
  'Person.birthDate': { class: 'identifier.birthDate', kind: 'field' },
  'Person.age': { class: 'identifier.birthDate', kind: 'field', note: 'the exact age reveals the birth year' },
  'Person.phone': { class: 'identifier.phone', kind: 'field' },
  'Household.address': { class: 'identifier.address', kind: 'field' },
  'Person.gender': { class: 'quasi.coarse', kind: 'field' },
  'Person.ageBand': { class: 'quasi.coarse', kind: 'field', note: 'age band instead of age for analysts' },
  'Person.township': { class: 'quasi.coarse', kind: 'field' },
  'Person.village': { class: 'quasi.fine', kind: 'field' },
  'Person.relationToHead': { class: 'quasi.fine', kind: 'field' },
  'Person.status': { class: 'quasi.fine', kind: 'field' },
  'Person.statusDate': { class: 'quasi.fine', kind: 'field' },
  'Person.household': { class: 'quasi.fine', kind: 'field', note: 'the household links its members: their combination is the household\'s composition' },
  'Household.size': { class: 'quasi.fine', kind: 'field' },
  'Household.members': { class: 'quasi.fine', kind: 'list' },
  'Household.head': { class: 'quasi.fine', kind: 'field' },
  'Household.village': { class: 'quasi.fine', kind: 'field' },
  'PersonFilter.namePrefix': {
    class: 'identifier.name',
    kind: 'filter',
    note: 'prefix counts would recover names',
    outcomes: { analyst: 'FORBIDDEN' },
  },
  'PersonFilter.villageCode': {
    class: 'quasi.fine',
    kind: 'filter',
    note: 'a village filter puts the village back on each row',
    outcomes: { analyst: 'FORBIDDEN' },
  },
  'PersonFilter.status': {
    class: 'quasi.fine',
    kind: 'filter',
    note: 'a status filter puts the status back on each row',
    outcomes: { analyst: 'FORBIDDEN' },
  },
  // supervision (issue 10): dishonesty records (service centre) and visits to recipient households (civil affairs)
  'Query.dishonestyRecords': { class: 'credit', kind: 'list', outcomes: { analyst: 'countOnly' }, note: 'scoped: a caseworker or approver lists the records of its township; civil affairs, the centre and auditors every one; analysts may select only totalCount (answered null to them), never a row' },
  'Query.householdsNotVisited': { class: 'visit', kind: 'list', outcomes: { analyst: 'countOnly' }, note: 'scoped: a township\'s caseworkers and approver, a village assistant its village; civil affairs and auditors any township; analysts may select only totalCount (answered null to them), never a row' },
  'Query.person': {
    class: 'quasi.fine',
    kind: 'lookup',
    note: 'a caseworker gets FORBIDDEN for a person of another township and null for an unknown id: the id is an opaque random UUID, so the difference tells only that an id the caller already holds exists, nothing about the person',
    outcomes: { analyst: 'value' },
  },
  'Query.personByIdNumber': { class: 'identifier.idNumber', kind: 'lookup', outcomes: { analyst: 'FORBIDDEN', caseworkerOutOfScope: 'null' }, note: 'out of scope answers as "no one": the same as a number nobody has; registering the number (a caller allowed to register) does reveal it is taken: CONFLICT ID_NUMBER_REGISTERED, audited, at most REGISTRY_CONFLICTS_PER_HOUR' },
  'Query.peopleByIdNumbers': { class: 'identifier.idNumber', kind: 'lookup', outcomes: { analyst: 'FORBIDDEN', caseworkerOutOfScope: 'null' } },
  'Household.perCapitaMonthlyIncome': { class: 'income', kind: 'field' },
  'Household.assetsWithinRules': { class: 'income', kind: 'field' },
  'Enrolment.amount': {
    class: 'income',
    kind: 'field',
    note: 'DIBAO: standard − per-capita income (单人保: standard − half of it); TEKUN: 1.3 × standard; TEMPORARY: one-off; MARGINAL 0.00 — classed as income for every programme, so that the programme of a hidden amount tells nothing',
  },
  'Enrolment.startDate': { class: 'quasi.date', kind: 'field' },
  'Enrolment.endDate': { class: 'quasi.date', kind: 'field' },
  'Person.enrolments': {
    class: 'quasi.programme',
    kind: 'list',
    note: 'analysts get an empty list: an enrolment\'s programme and status are public knowledge (公示) that singles people out',
    outcomes: { analyst: 'omitted', caseworkerOutOfScope: 'omitted' },
  },
  'Enrolment.programme': { class: 'quasi.programme', kind: 'field', note: 'analysts get no enrolments at all (Person.enrolments)', outcomes: { analyst: 'omitted' } },
  'Enrolment.status': { class: 'quasi.programme', kind: 'field', note: 'analysts get no enrolments at all (Person.enrolments)', outcomes: { analyst: 'omitted' } },
  'Person.enrolments[DIBAO+MARGINAL]': {
    class: 'health.enrolment',
    kind: 'combination',
    note: 'single-person coverage (单人保); analysts get no enrolments (quasi.programme) and no filter by the pair',
    outcomes: { analyst: 'omitted' },
  },
  'Person.enrolments[TEMPORARY]': {
    class: 'health.enrolment',
    kind: 'combination',
    note: 'temporary assistance, most often after a grave illness; analysts may filter by it only for a bare totalCount, which answers them null (no count for them: enrolmentStatistics answers only those who see the enrolments)',
    outcomes: { analyst: 'countOnly' },
  },
  'Person.assistanceCategory': {
    class: 'health.enrolment',
    alsoClass: 'quasi.programme',
    kind: 'field',
    note: 'DIBAO for a single-person-coverage person: collapsed to MARGINAL; null for analysts (quasi.programme), and so is medical aid computed from it',
    outcomes: { analyst: 'null' },
  },
  'Person.assistanceCategoryHistory': {
    class: 'health.enrolment',
    alsoClass: 'quasi.programme',
    kind: 'list',
    note: 'the category on every date (it reveals what assistanceCategory does, for the past too): computed from the enrolments the caller sees, so a single-person-coverage DIBAO period is collapsed to MARGINAL (or left out) as Person.enrolments and assistanceCategory are; null for analysts (quasi.programme), and so is medical aid computed from it',
    outcomes: { analyst: 'null' },
  },
  'Person.coveredGroups': {
    class: 'health.coveredGroup',
    alsoClass: 'quasi.programme',
    kind: 'list',
    note: 'the health covered groups are left out; DIBAO_RECIPIENT follows the collapsed enrolments; analysts get an empty list (quasi.programme)',
    outcomes: { analyst: 'omitted' },
  },
  'PersonFilter.coveredGroup': {
    class: 'health.coveredGroup',
    kind: 'filter',
    alsoClass: 'quasi.programme',
    note: 'a health covered group is refused whatever the data (the same error whether anyone has it or not); analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list',
    perValue: 'the health covered groups (officerOther)',
    outcomes: { officerOther: 'FORBIDDEN', analyst: 'countOnly' },
  },
  'PersonFilter.programme': {
    class: 'health.enrolment',
    kind: 'filter',
    alsoClass: 'quasi.programme',
    note: 'DIBAO (and coveredGroup: DIBAO_RECIPIENT, which mirrors it) leaves single-person-coverage persons out, MARGINAL keeps them (as the collapsed enrolments do), so lists, intersections and totalCount agree; TEMPORARY is refused; analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: the rows of a programme are the people its public notice names',
    outcomes: { analyst: 'countOnly' },
  },
  'PersonConnection.totalCount': { class: 'programme.record', kind: 'count', note: 'counts exactly the rows the same filter lists for the caller (scope, collapse); null, whatever the count, when the list is count-only for the caller (analysts with a programme or covered-group filter: no count for them: the statistics queries answer only those who see the rows)' },
  // medical and disability: every record's person is a recipient (medical aid implies TEKUN/DIBAO/MARGINAL, a living
  // subsidy a DIBAO/MARGINAL household), and among them most (gender, age band, township) groups hold one person, so a
  // row links a diagnosis or a disability to an identifiable person: analysts get no rows (healthRecords)
  'Person.medicalClaims': healthRecords('health.medical', 'list', 'omitted', 'analysts get an empty list: a claim\'s person is an assistance recipient (medical aid implies the category), so a claim links an illness to a person'),
  'Person.medicalAssistance': {
    class: 'health.medical',
    kind: 'field',
    note: 'caseworkers: computed from the claims handled in their township only (totals, deductible, cap); analysts: null — it is computed from the civil-affairs category (ratio, deductible, premium subsidy), which analysts do not get (quasi.programme)',
    outcomes: { analyst: 'null' },
  },
  'MedicalClaim.diagnosis': healthRecords('health.medical', 'field', 'omitted', 'analysts get no claim rows (Query.medicalClaims, Person.medicalClaims)'),
  'Query.medicalClaims': healthRecords('health.medical', 'list', 'countOnly', 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: every claimant is a recipient and (gender, age band, township) singles most of them out'),
  // disability
  'Person.disabilityCertificates': healthRecords('health.disability', 'list', 'omitted', 'analysts get an empty list: a certificate links a disability to a person'),
  'Person.rehabilitationServices': healthRecords('health.disability', 'list', 'omitted', 'analysts get an empty list: a service links a disability to a person'),
  'Person.disabilitySubsidies': healthRecords('health.disability', 'list', 'omitted', 'analysts get an empty list: a subsidy links a disability to a person, a living subsidy to a DIBAO/MARGINAL household'),
  'DisabilityCertificate.number': {
    class: 'identifier.idNumber',
    kind: 'field',
    note: 'the holder\'s ID number plus two digits; FORBIDDEN to other departments with the whole record',
    outcomes: { officerOther: 'FORBIDDEN' },
  },
  'Query.disabilityCertificates': healthRecords('health.disability', 'list', 'countOnly', 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: a certificate\'s category and grade with (gender, age band, township) single people out'),
  'Query.rehabilitationServices': healthRecords('health.disability', 'list', 'countOnly', 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: a service with (gender, age band, township) singles people out'),
  'Query.disabilitySubsidies': healthRecords('health.disability', 'list', 'countOnly', 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: a LIVING subsidy implies a DIBAO/MARGINAL household, and with (gender, age band, township) singles its recipient out'),
  'DisabilitySubsidy.difficulty': {
    class: 'quasi.programme',
    kind: 'field',
    note: 'DIBAO/TEKUN/MARGINAL is the civil-affairs category the living subsidy rests on: null for analysts like the category itself',
    outcomes: { analyst: 'null' },
  },
  'DisabilitySubsidyFilter.difficulty': {
    class: 'health.disability',
    alsoClass: 'quasi.programme',
    kind: 'filter',
    note: 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: the rows would be the recipients of a published programme',
    outcomes: { analyst: 'countOnly' },
  },
  // charity
  'Person.charityGrants': {
    class: 'health.charity',
    kind: 'list',
    note: 'analysts get an empty list: a grant\'s project and amount give the category and the age (see the class)',
    outcomes: { analyst: 'omitted' },
  },
  'Household.charityGrants': {
    class: 'health.charity',
    kind: 'list',
    note: 'analysts get an empty list (as Person.charityGrants)',
    outcomes: { analyst: 'omitted' },
  },
  'Query.charityGrants': {
    class: 'health.charity',
    kind: 'list',
    note: 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: (gender, age band, township, project, amount) singles recipients out',
    outcomes: { analyst: 'countOnly' },
  },
  'CharityGrant.household': {
    class: 'quasi.fine',
    kind: 'field',
    note: 'the household id links its members, as Person.household does: null for analysts',
  },
  'CharityDonation.donorName': { class: 'identifier.name', kind: 'field', note: 'a person donor\'s name' },
  // dates, schools and hospitals of department records: quasi-identifiers (null for analysts)
  'CharityGrant.grantedOn': { class: 'quasi.date', kind: 'field' },
  'CharityGrant.withdrawnOn': { class: 'quasi.date', kind: 'field' },
  'DisabilityCertificate.issuedOn': { class: 'quasi.date', kind: 'field' },
  'DisabilityCertificate.expiresOn': { class: 'quasi.date', kind: 'field' },
  'DisabilityCertificate.revokedOn': { class: 'quasi.date', kind: 'field' },
  'DisabilitySubsidy.startDate': { class: 'quasi.date', kind: 'field' },
  'DisabilitySubsidy.endDate': { class: 'quasi.date', kind: 'field' },
  'RehabilitationService.startDate': { class: 'quasi.date', kind: 'field' },
  'RehabilitationService.endDate': { class: 'quasi.date', kind: 'field' },
  'EducationAid.approvedOn': { class: 'quasi.date', kind: 'field' },
  'EducationAid.academicYear': { class: 'quasi.date', kind: 'field' },
  'EducationAid.school': { class: 'quasi.fine', kind: 'field' },
  'DilapidatedHouseRenovation.assessedOn': { class: 'quasi.date', kind: 'field' },
  'DilapidatedHouseRenovation.completedOn': { class: 'quasi.date', kind: 'field' },
  'PublicRentalAllocation.leaseStart': { class: 'quasi.date', kind: 'field' },
  'PublicRentalAllocation.leaseEnd': { class: 'quasi.date', kind: 'field' },
  'RentSubsidy.startMonth': { class: 'quasi.date', kind: 'field' },
  'RentSubsidy.endMonth': { class: 'quasi.date', kind: 'field' },
  'MedicalClaim.admissionDate': { class: 'quasi.date', kind: 'field' },
  'MedicalClaim.dischargeDate': { class: 'quasi.date', kind: 'field' },
  'MedicalClaim.withdrawnOn': { class: 'quasi.date', kind: 'field' },
  'MedicalClaim.hospital': { class: 'quasi.fine', kind: 'field' },
  // the audit logs
  'Query.civilAffairsAuditLog': { class: 'auditLog', kind: 'list' },
  'Query.educationAuditLog': { class: 'auditLog', kind: 'list' },
  'Query.medicalAuditLog': { class: 'auditLog', kind: 'list' },
  'Query.housingAuditLog': { class: 'auditLog', kind: 'list' },
  'Query.disabilityAuditLog': { class: 'auditLog', kind: 'list' },
  'Query.charityAuditLog': { class: 'auditLog', kind: 'list' },
  // education and housing: membership is noticed (公示), so analysts get no rows (see quasi.programme)
  'Person.educationAids': noticedMembership('list', 'omitted', 'analysts get an empty list: education aid recipients are noticed at their school (公示)'),
  'Person.housingAssistance': noticedMembership('field', 'null', 'the records naming the person as applicant; null for analysts: public rental allocations, rent subsidies and renovation households are noticed (公示)'),
  'Household.housingAssistance': noticedMembership('field', 'null', 'the household\'s records; null for analysts: public rental allocations, rent subsidies and renovation households are noticed (公示)'),
  'Query.educationAids': noticedMembership('list', 'countOnly', 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: every row is a pupil on a school\'s notice'),
  'Query.rentSubsidies': noticedMembership('list', 'countOnly', 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: every row is a household on a published list'),
  'Query.publicRentalAllocations': noticedMembership('list', 'countOnly', 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: allocation results (配租结果) are noticed'),
  'Query.dilapidatedHouseRenovations': noticedMembership('list', 'countOnly', 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: renovation households are noticed in the village'),
  'PublicRentalAllocation.dwellingAddress': { class: 'identifier.address', kind: 'field' },
  // filter arguments of the lists: each is classified like the field it filters on (assertFiltersAllowed, filters.ts). A
  // filter on a field a role gets as null is refused to that role (FORBIDDEN, from the query alone): otherwise the rows
  // it finds put the hidden value back. A per-person or per-household id filter is refused to analysts on every list,
  // count-only ones included: a count of one person's records is that person's membership.
  ...filterCoordinates(),
  // sort keys of the lists (`orderBy: { field, direction }`, pagination.ts listOrder): each is classified like the value it
  // orders by and allowed only where the caller gets that value (assertOrderAllowed): an order by a hidden value reveals
  // it by rank. Count-only lists allow analysts no key but the default (ID).
  ...sortCoordinates(),
};

/** The coordinates the kit's table itself holds (the rest are classified by a department in its own files, classifyCoordinates). */
const TABLE_COORDINATES: ReadonlySet<string> = new Set(Object.keys(COORDINATES));

/**
 * How much of a value an outcome shows, to compare a department's override with its class: the value; a reduced form
 * (masked, banded, collapsed); nothing (null, omitted, count only, FORBIDDEN — the forms differ, the value is withheld).
 */
const OUTCOME_RANK: Record<Outcome, number> = { value: 0, masked: 1, banded: 1, collapsed: 1, null: 2, omitted: 2, countOnly: 2, FORBIDDEN: 2 };

/** A coordinate a department classifies in its own files, as listed by its `--print-access` (for the access matrix). */
export interface DeclaredCoordinate extends CoordinateClassification {
  /** the schema coordinate: `Type.field`, `Type.*` (every field of a record type without a rule of its own), a filter or sort key */
  coordinate: string;
  /** the subgraph that declares it */
  subgraph: string;
}

/**
 * Classify coordinates where a department defines them (its filters, sort keys, lists), so that a new department is
 * its own files only: each entry is added to COORDINATES at module load, as if it were in the table. A coordinate the
 * table (or another module) already classifies differently is refused, and so is an override (`outcomes`) that shows a
 * role more than the class does (a department may narrow the kit's rules, never relax them).
 *
 * @param entries `coordinate -> classification`, e.g. `{ 'LegalAidCaseFilter.status': { class: 'department.record',
 *   owner: 'JUSTICE', kind: 'filter' } }`; `department.record` needs its owner
 * @throws Error naming the coordinate for an unknown class, a missing owner, a conflicting classification or an override
 *   that shows a role more than the class does
 */
export function classifyCoordinates(entries: Record<string, CoordinateClassification>): void {
  for (const [coordinate, c] of Object.entries(entries)) {
    if (!(c.class in DATA_CLASSES)) throw new Error(`${coordinate}: unknown data class '${c.class}' (DATA_CLASSES in classification.ts)`);
    if (c.class === 'department.record' && !c.owner) throw new Error(`${coordinate}: class department.record needs its owning department`);
    const existing = COORDINATES[coordinate];
    if (existing && JSON.stringify(existing) !== JSON.stringify(c)) throw new Error(`${coordinate} is already classified differently (${existing.class})`);
    for (const [role, outcome] of Object.entries(c.outcomes ?? {}) as [MatrixRole, Outcome][]) {
      const base = (DATA_CLASSES[c.class] as DataClassDefinition).outcomes[role];
      if (OUTCOME_RANK[outcome] < OUTCOME_RANK[base])
        throw new Error(`${coordinate}: gives ${role} '${outcome}' where its class ${c.class} gives '${base}': a department may narrow its class's outcomes, never widen them`);
    }
    COORDINATES[coordinate] = c;
  }
}

/** True when the kit's own table classifies `coordinate` (not a department's classifyCoordinates). */
export function isTableCoordinate(coordinate: string): boolean {
  return TABLE_COORDINATES.has(coordinate);
}

/** The coordinates classified outside the kit's table (by the departments loaded in this process). */
export function departmentCoordinates(): Record<string, CoordinateClassification> {
  return Object.fromEntries(Object.entries(COORDINATES).filter(([k]) => !TABLE_COORDINATES.has(k)));
}

/** The sort-key coordinates of every list, `<List>Order.field[<KEY>]` (spread into COORDINATES). */
function sortCoordinates(): Record<string, CoordinateClassification> {
  const out: Record<string, CoordinateClassification> = {};
  const add = (input: string, keys: string[], c: Omit<CoordinateClassification, 'kind'>) => {
    for (const k of keys) out[`${input}.field[${k}]`] = { ...c, kind: 'sort' };
  };
  const byId: Omit<CoordinateClassification, 'kind'> = { class: 'public', note: 'the default order: by the opaque random id, which means nothing' };
  const hiddenDate: Omit<CoordinateClassification, 'kind'> = {
    class: 'quasi.date',
    note: 'record dates are null for analysts: an order by date would rank the rows by it',
  };
  const noticed = (list: string): Omit<CoordinateClassification, 'kind'> => ({
    class: 'quasi.programme',
    note: `${list} answers analysts only a bare totalCount (null whatever the count): no order but the default`,
    outcomes: { analyst: 'countOnly' },
  });
  const countedHealthOrder = (list: string) => ({
    note: `${list} answers analysts only a bare totalCount (null whatever the count): no order but the default`,
    outcomes: { analyst: 'countOnly' as const },
  });
  add('PersonOrder', ['ID'], byId);
  add('PersonOrder', ['NAME'], { class: 'identifier.name', note: 'names are null for analysts: an order by name would rank them' });
  add('PersonOrder', ['BIRTH_DATE'], { class: 'identifier.birthDate', note: 'birth dates are null for analysts: an order by birth date would rank ages' });
  add('MedicalClaimOrder', ['ID'], byId);
  add('MedicalClaimOrder', ['ADMISSION_DATE', 'DISCHARGE_DATE'], hiddenDate);
  add('MedicalClaimOrder', ['TOTAL_COST'], { class: 'health.medical', ...countedHealthOrder('medicalClaims') });
  add('DisabilityCertificateOrder', ['ID'], byId);
  add('DisabilityCertificateOrder', ['ISSUED_ON', 'EXPIRES_ON'], hiddenDate);
  add('DisabilitySubsidyOrder', ['ID'], byId);
  add('DisabilitySubsidyOrder', ['START_DATE'], hiddenDate);
  add('DisabilitySubsidyOrder', ['MONTHLY_AMOUNT'], { class: 'health.disability', ...countedHealthOrder('disabilitySubsidies') });
  add('RehabilitationServiceOrder', ['ID'], byId);
  add('RehabilitationServiceOrder', ['START_DATE'], hiddenDate);
  add('RehabilitationServiceOrder', ['AMOUNT'], { class: 'health.disability', ...countedHealthOrder('rehabilitationServices') });
  add('EducationAidOrder', ['ID'], byId);
  add('EducationAidOrder', ['APPROVED_ON'], hiddenDate);
  add('EducationAidOrder', ['AMOUNT'], noticed('educationAids'));
  add('RentSubsidyOrder', ['ID'], byId);
  add('RentSubsidyOrder', ['START_MONTH'], hiddenDate);
  add('RentSubsidyOrder', ['MONTHLY_AMOUNT'], noticed('rentSubsidies'));
  add('PublicRentalAllocationOrder', ['ID'], byId);
  add('PublicRentalAllocationOrder', ['LEASE_START'], hiddenDate);
  add('PublicRentalAllocationOrder', ['MONTHLY_RENT'], noticed('publicRentalAllocations'));
  add('DilapidatedHouseRenovationOrder', ['ID'], byId);
  add('DilapidatedHouseRenovationOrder', ['ASSESSED_ON'], hiddenDate);
  add('DilapidatedHouseRenovationOrder', ['SUBSIDY'], noticed('dilapidatedHouseRenovations'));
  add('CharityGrantOrder', ['ID'], byId);
  add('CharityGrantOrder', ['GRANTED_ON'], hiddenDate);
  add('CharityGrantOrder', ['AMOUNT'], { class: 'health.charity', note: 'charityGrants answers analysts only a bare totalCount (null whatever the count): no order but the default', outcomes: { analyst: 'countOnly' } });
  add('CharityProjectOrder', ['ID', 'NAME', 'START_DATE', 'BUDGET'], { class: 'public' });
  add('CharityDonationOrder', ['ID', 'RECEIVED_ON', 'AMOUNT'], { class: 'public' });
  add('AuditLogOrder', ['ID'], { class: 'auditLog', note: 'by seq: the order entries were appended' });
  return out;
}

/** The filter coordinates of every list (spread into COORDINATES). */
function filterCoordinates(): Record<string, CoordinateClassification> {
  const out: Record<string, CoordinateClassification> = {};
  const add = (input: string, fields: string[], c: Omit<CoordinateClassification, 'kind'>) => {
    for (const f of fields) out[`${input}.${f}`] = { ...c, kind: 'filter' };
  };
  const personIdFilter = (what: string): Omit<CoordinateClassification, 'kind'> => ({
    class: 'quasi.fine',
    note: `a ${what} id filter answers for one ${what}: even its count is that ${what}'s membership of the list`,
    outcomes: { analyst: 'FORBIDDEN' },
  });
  const hiddenDate: Omit<CoordinateClassification, 'kind'> = {
    class: 'quasi.date',
    note: 'the dates (and years) of records are null for analysts: a date filter would put them back on the rows and counts',
    outcomes: { analyst: 'FORBIDDEN' },
  };
  const countedYear = (list: string): Omit<CoordinateClassification, 'kind'> => ({
    class: 'quasi.date',
    note: `${list} answers analysts only a bare totalCount (null), so a year filter gives them no count and never a row's year`,
    outcomes: { analyst: 'countOnly', caseworkerOutOfScope: 'omitted', villageAssistant: 'omitted' },
  });
  const noticed = (list: string): Omit<CoordinateClassification, 'kind'> => ({
    class: 'quasi.programme',
    note: `${list} answers analysts only a bare totalCount (null whatever the count)`,
    outcomes: { analyst: 'countOnly', caseworkerOutOfScope: 'omitted', villageAssistant: 'omitted' },
  });
  // medical
  const countedHealth = (cls: 'health.medical' | 'health.disability', list: string): Omit<CoordinateClassification, 'kind'> => ({
    class: cls,
    note: `a coarse filter: ${list} answers analysts only a bare totalCount (null whatever the count)`,
    outcomes: { analyst: 'countOnly' },
  });
  add('MedicalClaimFilter', ['townshipCode', 'careType', 'status'], countedHealth('health.medical', 'medicalClaims'));
  add('MedicalClaimFilter', ['year'], hiddenDate);
  add('MedicalClaimFilter', ['hospital'], { class: 'quasi.fine', note: 'MedicalClaim.hospital is null for analysts', outcomes: { analyst: 'FORBIDDEN' } });
  add('MedicalClaimFilter', ['personId'], personIdFilter('person'));
  // disability
  add('DisabilityCertificateFilter', ['category', 'grade', 'severe', 'status', 'townshipCode'], countedHealth('health.disability', 'disabilityCertificates'));
  add('DisabilityCertificateFilter', ['personId'], personIdFilter('person'));
  add('DisabilitySubsidyFilter', ['kind', 'status', 'townshipCode'], countedHealth('health.disability', 'disabilitySubsidies'));
  add('DisabilitySubsidyFilter', ['personId'], personIdFilter('person'));
  add('RehabilitationServiceFilter', ['programme', 'kind', 'status', 'townshipCode'], countedHealth('health.disability', 'rehabilitationServices'));
  add('RehabilitationServiceFilter', ['personId'], personIdFilter('person'));
  // education and housing (publicly noticed: count-only lists for analysts)
  add('EducationAidFilter', ['townshipCode', 'aidType', 'schoolStage', 'status'], noticed('educationAids'));
  add('EducationAidFilter', ['academicYear'], countedYear('educationAids'));
  add('EducationAidFilter', ['personId'], personIdFilter('person'));
  for (const [input, list] of [
    ['RentSubsidyFilter', 'rentSubsidies'],
    ['PublicRentalAllocationFilter', 'publicRentalAllocations'],
    ['DilapidatedHouseRenovationFilter', 'dilapidatedHouseRenovations'],
  ]) {
    add(input, ['townshipCode', 'status'], noticed(list));
    add(input, ['year'], countedYear(list));
    add(input, ['householdId'], personIdFilter('household'));
    add(input, ['applicantId'], personIdFilter('person'));
  }
  add('DilapidatedHouseRenovationFilter', ['grade'], noticed('dilapidatedHouseRenovations'));
  // charity
  add('CharityGrantFilter', ['projectId', 'townshipCode', 'recipientKind', 'status'], {
    class: 'health.charity',
    note: 'charityGrants answers analysts only a bare totalCount (null whatever the count)',
    outcomes: { analyst: 'countOnly' },
  });
  add('CharityGrantFilter', ['grantedFrom', 'grantedTo'], hiddenDate);
  add('CharityGrantFilter', ['personId'], personIdFilter('person'));
  add('CharityGrantFilter', ['householdId'], personIdFilter('household'));
  add('CharityProjectFilter', ['status', 'targetGroup'], { class: 'public' });
  add('CharityDonationFilter', ['projectId', 'receivedFrom', 'receivedTo', 'anonymous', 'donorKind', 'status'], { class: 'public' });
  // civil affairs: PersonFilter's other filters are listed with the registry above
  add('PersonFilter', ['townshipCode'], { class: 'quasi.coarse' });
  // the audit logs (auditors only)
  add('AuditLogFilter', ['personId', 'subject', 'kind'], { class: 'auditLog' });
  return out;
}

/**
 * The departments a village assistant (村/社区社会救助协理员) works for: civil affairs' registry and programmes, and the
 * service centre's applications. Data owned by any other department (its records, its programme data) a village
 * assistant reads as a caseworker of another township does, even in its own village: it helps families apply, it
 * does not read their files.
 */
export const VILLAGE_ASSISTANT_DEPARTMENTS: readonly string[] = ['CIVIL_AFFAIRS', 'SOCIAL_ASSISTANCE_CENTRE'];

/**
 * The matrix column of a village assistant for data of class `cls` owned by `owner` (the class's owner when none):
 * its own column for data of the departments it works for, the out-of-scope caseworker's for any other department's.
 */
function villageAssistantColumn(cls: DataClass, owner: string | undefined): MatrixRole {
  const o = owner ?? (DATA_CLASSES[cls] as DataClassDefinition).owner;
  return !o || VILLAGE_ASSISTANT_DEPARTMENTS.includes(o) ? 'villageAssistant' : 'caseworkerOutOfScope';
}

/**
 * The role of an identity in the matrix, for data of `owner` handled in a township (village) the caller may (not)
 * see: `inScope: false` when the record is outside the caller's scope (inScope in policy.ts: a caseworker's or township
 * approver's township, a village assistant's village); unset when the record was reached through the caller's scope
 * (scopeWhere, assertInScope) or is not a scoped record.
 */
export function matrixRole(identity: Identity, cls: DataClass, opts: { owner?: string; inScope?: boolean } = {}): MatrixRole {
  switch (identity.role) {
    case 'auditor':
      return 'auditor';
    case 'analyst':
      return 'analyst';
    case 'public':
      return 'publicSite';
    case 'caseworker':
    case 'township_approver':
      return opts.inScope === false ? 'caseworkerOutOfScope' : 'caseworkerInScope';
    case 'village_assistant':
      return opts.inScope === false ? 'caseworkerOutOfScope' : villageAssistantColumn(cls, opts.owner);
    case 'department_officer': {
      const def: DataClassDefinition = DATA_CLASSES[cls];
      const owner = opts.owner ?? def.owner;
      if (owner && identity.department === owner) return 'officerOwner';
      if (def.alsoOwners?.some((o) => o.department === identity.department)) return 'officerOwner';
      return 'officerOther';
    }
  }
}

/**
 * The outcome of a class at a coordinate (classified in the table or by a department) for a matrix column: the
 * coordinate's own outcome where it has one, else the class's. A village assistant's column at a coordinate owned by
 * another department is the out-of-scope caseworker's (villageAssistantColumn): the matrix and outcomeFor agree.
 */
export function coordinateOutcome(c: Pick<CoordinateClassification, 'class' | 'owner' | 'outcomes'>, column: MatrixRole): Outcome {
  const r = column === 'villageAssistant' ? villageAssistantColumn(c.class, c.owner) : column;
  return c.outcomes?.[r] ?? DATA_CLASSES[c.class].outcomes[r];
}

/** The outcome of a class (at a coordinate, when given) for an identity. */
export function outcomeFor(identity: Identity, cls: DataClass, opts: { owner?: string; inScope?: boolean; coordinate?: string } = {}): Outcome {
  const role = matrixRole(identity, cls, opts);
  const at = opts.coordinate ? COORDINATES[opts.coordinate]?.outcomes?.[role] : undefined;
  return at ?? DATA_CLASSES[cls].outcomes[role];
}

/** True when the identity sees the class's data as it is (value) rather than masked, banded, collapsed, null or refused. */
export function seesClass(identity: Identity, cls: DataClass, opts: { owner?: string; inScope?: boolean } = {}): boolean {
  return outcomeFor(identity, cls, opts) === 'value';
}

/** The coordinates of a class, and of every class whose values reveal it (for the inference tests). */
export function coordinatesOf(cls: DataClass): string[] {
  return Object.entries(COORDINATES)
    .filter(([, c]) => c.class === cls)
    .map(([k]) => k);
}

/**
 * The quasi-identifiers analysts see at row level (class flagged quasiIdentifier and analyst outcome value or banded),
 * by coordinate. The k-anonymity test measures every combination of these.
 */
export function analystQuasiIdentifiers(): string[] {
  return quasiIdentifierCoordinates().filter((k) => {
    const c = COORDINATES[k];
    const def: DataClassDefinition = DATA_CLASSES[c.class];
    const o = c.outcomes?.analyst ?? def.outcomes.analyst;
    return o === 'value' || o === 'banded';
  });
}

/**
 * Every row-level coordinate (field or list) whose class, or second class (alsoClass), is a quasi-identifier,
 * whatever analysts get there: the k-anonymity test checks that those analysts do not see give them nothing.
 */
export function quasiIdentifierCoordinates(): string[] {
  return Object.entries(COORDINATES)
    .filter(([, c]) => {
      const qi = (DATA_CLASSES[c.class] as DataClassDefinition).quasiIdentifier || (c.alsoClass && (DATA_CLASSES[c.alsoClass] as DataClassDefinition).quasiIdentifier);
      return qi && (c.kind === 'field' || c.kind === 'list');
    })
    .map(([k]) => k);
}

/** Age bands analysts see instead of ages: wide enough that gender x band x township keeps k people. */
export const AGE_BANDS = [
  { code: 'AGE_0_17', from: 0, to: 17, label: '0-17岁 未成年' },
  { code: 'AGE_18_39', from: 18, to: 39, label: '18-39岁' },
  { code: 'AGE_40_59', from: 40, to: 59, label: '40-59岁' },
  { code: 'AGE_60_PLUS', from: 60, to: 200, label: '60岁及以上 老年' },
] as const;
export type AgeBandCode = (typeof AGE_BANDS)[number]['code'];

/** The band of an age in whole years (an age below 0, a birth after the reference date, is in the first band). */
export function ageBandOf(age: number): AgeBandCode {
  if (age < 0) return AGE_BANDS[0].code;
  return (AGE_BANDS.find((b) => age >= b.from && age <= b.to) ?? AGE_BANDS[AGE_BANDS.length - 1]).code;
}

/**
 * The age band of a birth date as of `reference` (both ISO dates): whole years, a birthday counted on its day. Every age
 * band a caller sees is computed as of one reference date, 1 January of the clock's current year (ageBandReferenceDate
 * in clock.ts), never the real date: a band that changed on the day a person's row moved would give away the birthday
 * to anyone who reads the rows daily; so every band moves on 1 January only.
 */
export function ageBandAt(birthDate: string, reference: string): AgeBandCode {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = reference.split('-').map(Number);
  return ageBandOf(y - by - (m < bm || (m === bm && d < bd) ? 1 : 0));
}

/** A date banded for analysts: its year ("2024"). */
export function bandDate(date: string): string {
  return date.slice(0, 4);
}

/** The default k of analysts' row-level views (ANALYST_K_ANONYMITY overrides it). */
export const DEFAULT_ANALYST_K = 5;

const ROLE_TITLES: Record<MatrixRole, string> = {
  caseworkerInScope: 'caseworker or township approver, own township',
  caseworkerOutOfScope: 'caseworker or township approver, other township (and a village assistant outside its village)',
  villageAssistant: 'village assistant, own village',
  officerOwner: 'officer of the owning department',
  officerOther: 'officer of another department (also one without a subgraph, e.g. HUMAN_RESOURCES)',
  analyst: 'analyst',
  auditor: 'auditor',
  publicSite: 'public disclosure site (role public)',
};

/** What each role may write (assertCanWrite in policy.ts). */
export const WRITES: Record<MatrixRole, string> = {
  caseworkerInScope:
    'caseworkers: civil-affairs records (registry, enrolments) and service-centre applications of their township; township ' +
    'approvers: only the service-centre applications of their township (to confirm or refuse them) and the dishonesty records ' +
    '(失信记录) of those applications, nothing in a department\'s subgraph',
  caseworkerOutOfScope: 'nothing (FORBIDDEN)',
  villageAssistant:
    'the civil-affairs registry (households, members, corrections, status changes) of its village and the service-centre ' +
    'applications of its village (it submits them on the family\'s behalf and records visits); no enrolment, no decision, ' +
    'nothing of another department',
  officerOwner: 'its department\'s records',
  officerOther: 'nothing of another department (FORBIDDEN)',
  analyst: 'nothing',
  auditor: 'nothing',
  publicSite: 'nothing (every mutation FORBIDDEN)',
};

/** What each role can still infer, by design, from what it sees (the matrix's last section). */
export const RESIDUAL_INFERENCES: Record<MatrixRole, string[]> = {
  caseworkerInScope: ['everything about the people registered in the township: they handle their cases'],
  caseworkerOutOfScope: ['nothing about people or records of other townships: lookups answer as "no one", lists and totals leave them out, medical aid totals count only own-township claims'],
  villageAssistant: [
    'who lives in its village, their households and how to reach them, which of them are in a published civil-affairs programme (公示: single-person coverage and temporary assistance collapsed as for other departments) and their applications: what it needs to help them apply',
    'no income or asset amount, no health or disability (health covered groups left out), no record of another department (education aid, housing, medical, disability, charity, legal aid, disaster relief: those records carry a township, not a village), nothing of other villages',
  ],
  officerOwner: ['its own department\'s records in full; civil-affairs officers (and medical security, for the category) also see single-person coverage'],
  officerOther: [
    'that a person is assisted and in which category (DIBAO/TEKUN: per-capita income below the dibao standard; MARGINAL: below 1.5 x it) — a band of income that eligibility for their own programmes needs, never an amount',
    'a TEKUN person of working age (18-59) cannot work (特困 needs it): possibly a disability; the category is needed by the departments\' own rules and is not collapsed',
    'the public notices in force today, as the village board shows them (a notice is published only while in force; another day\'s board is FORBIDDEN NOTICES_IN_FORCE_ONLY but to civil-affairs and service-centre officers, the township\'s caseworkers and approvers, and auditors): a past TEMPORARY notice would name a recipient whose enrolment is collapsed for them',
  ],
  analyst: [
    'per row: gender, age band (as of 1 January of the current year, so that no band moves on a birthday) and township of people — each combination of these quasi-identifiers is shared by at least k people (ANALYST_K_ANONYMITY, default 5); no department record is linked to a person for them',
    'no count of medical claims, disability certificates, disability subsidies or rehabilitation services: the lists\' bare totalCount answers them null whatever the count, and the statistics queries answer only those who see the rows (a solver over every published table recovered groups of 1-4 people from suppressed tables, so analysts get them once the disclosure control is audited exactly); and not whose: every claimant is an assistance recipient and a living subsidy implies a dibao or marginal household, so a row would link a diagnosis or a disability to a person singled out by (gender, age band, township); Person.medicalClaims and the disability lists are empty, Person.medicalAssistance is null',
    'how many people are in a programme, from enrolmentStatistics only (people(filter: {programme | coveredGroup}) { totalCount } answers them null whatever the count: per-township counts with 0 exact would name the townships of one person), but not who: no category, covered groups or enrolments per row, and a programme filter with rows selected is FORBIDDEN — dibao/tekun/marginal recipients are named on public notices (公示), so the programme would single them out',
    'no count of education aid, rent subsidy, public rental or renovation records (the lists\' bare totalCount answers them null whatever the count; the statistics queries answer only those who see the rows), and not whose: their recipients are noticed at school or in the village (公示), so analysts get no Person.educationAids and no housingAssistance',
    'how many charity grants there are, from the statistics queries only (charityGrants { totalCount } answers them null), but not whose: a grant\'s project targets, amount and reason give the category, the age and a date, so Person/Household.charityGrants are empty and CharityGrant.household is null',
    'no filter on what they do not see (a hospital, a year or a date, a person\'s or household\'s id: FORBIDDEN from the query alone, count-only lists included), so no per-person count tells one person\'s membership',
    'how many legal aid cases there are, from legalAidStatistics only (legalAidCases { totalCount } answers them null whatever the count), but not whose: a case reveals a criminal charge, a family dispute or poverty, so Person.legalAidCases is empty',
    'no names, ID numbers or fragments, birth dates, ages, villages, households, addresses, phones, record dates or income amounts — but for what the public disclosure site shows anyone (the public notices in force, class disclosure: a masked name, a village, a household size, an amount, the dates), which carries no id to link it to their rows',
  ],
  auditor: ['everything, unmasked; every read is in the audit log'],
  publicSite: [
    'only the public notices in force (publicNotices(villageCode, programme, on): 公示 of dibao, tekun and temporary assistance), as the law publishes them on the village notice board: per village and programme, a household\'s surname (the given name masked: 张**), its size, the proposed amount and the notice\'s dates; and the fund-use tables of the six *FundUse queries (资金使用 per programme, township and month, small cells suppressed: the policy\'s disclosure of fund use)',
    'from the amount and the household size, the household\'s per-capita income (a dibao amount is the standard minus it): the policy\'s 公示 requirement, and only while the notice is in force (7 days; only an objection ends it sooner: a refusal comes after the notice has ended, and an application has no withdrawal) — an ended notice is not answered, so the site cannot keep a history the board does not',
    'nothing else: no id of a person, household or application, no full name, ID number, income detail, illness or disability; every other list, lookup, count, statistic (but the *FundUse tables) and mutation of every subgraph, and `_entities` of any type but the notice, is FORBIDDEN (not empty, not null)',
  ],
};

const OUTCOME_TEXT: Record<Outcome, string> = {
  value: 'value',
  masked: 'masked',
  banded: 'banded',
  null: 'null',
  omitted: 'omitted',
  collapsed: 'collapsed',
  FORBIDDEN: 'FORBIDDEN',
  countOnly: 'count only',
};

/** The README's access matrix, generated from DATA_CLASSES and COORDINATES (schema/access-matrix.js writes it). */
export function renderAccessMatrix(declared: readonly DeclaredCoordinate[] = []): string {
  const lines: string[] = [];
  lines.push('<!-- generated from subgraphs/kit/src/access/classification.ts by `npm run access-matrix`; do not edit by hand -->');
  lines.push('');
  lines.push('Every field, filter, list, count and enrolment combination that carries personal data is classified by what it');
  lines.push('reveals; a value from which a protected value can be computed is in the class of the value it reveals.');
  lines.push('Outcomes: `value`; `banded` (coarser: an age band, a year); `null`; `omitted` (left out of lists and counts);');
  lines.push('`collapsed` (shown as the nearest category that reveals nothing protected); `FORBIDDEN` (an error whose message');
  lines.push('depends only on the caller and the field, never on the data); `count only` (a filter or list allowed in a query');
  lines.push('that selects only `totalCount`, FORBIDDEN when it selects rows or cursors, decided from the query alone; the `totalCount` is null whatever the count: counts wait for audited statistics (the `*Statistics` queries answer only callers who see the rows)).');
  lines.push('');
  lines.push('### Classes');
  lines.push('');
  lines.push(`| class | reveals | owner | ${MATRIX_ROLES.map((r) => ROLE_TITLES[r]).join(' | ')} |`);
  lines.push(`|---|---|---|${MATRIX_ROLES.map(() => '---').join('|')}|`);
  for (const [name, d] of Object.entries(DATA_CLASSES) as [DataClass, DataClassDefinition][]) {
    const owner = [d.owner, ...(d.alsoOwners ?? []).map((o) => `${o.department}*`)].filter(Boolean).join(', ') || '—';
    lines.push(`| \`${name}\` ${d.title} | ${d.reveals} | ${owner} | ${MATRIX_ROLES.map((r) => OUTCOME_TEXT[d.outcomes[r]]).join(' | ')} |`);
  }
  lines.push('');
  for (const [name, d] of Object.entries(DATA_CLASSES) as [DataClass, DataClassDefinition][]) {
    for (const o of d.alsoOwners ?? []) lines.push(`\\* \`${name}\`: ${o.department} sees it as the owner does: ${o.reason}.`);
    if (d.collapse) lines.push(`\`${name}\` collapsed: ${d.collapse}.`);
  }
  lines.push('');
  lines.push('### Coordinates');
  lines.push('');
  lines.push(`| coordinate | kind | class | ${MATRIX_ROLES.map((r) => ROLE_TITLES[r]).join(' | ')} | note |`);
  lines.push(`|---|---|---|${MATRIX_ROLES.map(() => '---').join('|')}|---|`);
  const rows: [string, CoordinateClassification][] = [
    ...Object.entries(COORDINATES).filter(([k]) => TABLE_COORDINATES.has(k)),
    ...groupedDeclarations(declared.filter((c) => !TABLE_COORDINATES.has(c.coordinate))),
  ];
  for (const [coord, c] of rows) {
    const cells = MATRIX_ROLES.map((r) => OUTCOME_TEXT[coordinateOutcome(c, r)]);
    lines.push(`| \`${coord}\` | ${c.kind} | \`${c.class}\`${c.alsoClass ? ` + \`${c.alsoClass}\`` : ''} | ${cells.join(' | ')} | ${c.note ?? ''} |`);
  }
  lines.push('');
  lines.push('### What each role sees and can infer');
  lines.push('');
  for (const r of MATRIX_ROLES) {
    const hidden: Outcome[] = ['FORBIDDEN', 'null', 'omitted'];
    const sees = (Object.entries(DATA_CLASSES) as [DataClass, DataClassDefinition][])
      .map(([n, d]): [DataClass, Outcome] => {
        // a class the role sees, but at none of its coordinates beyond a count, is seen as a count only
        const at = rows.map(([, c]) => c).filter((c) => c.class === n).map((c) => coordinateOutcome(c, r));
        if (!hidden.includes(d.outcomes[r]) && at.length && at.every((o) => hidden.includes(o) || o === 'countOnly'))
          return [n, at.includes('countOnly') ? 'countOnly' : 'omitted'];
        return [n, d.outcomes[r]];
      })
      .filter(([, o]) => !hidden.includes(o))
      .map(([n, o]) => (o === 'value' ? `\`${n}\`` : `\`${n}\` (${OUTCOME_TEXT[o]})`));
    lines.push(`- **${ROLE_TITLES[r]}** sees ${sees.length ? sees.join(', ') : 'nothing'}; can infer: ${RESIDUAL_INFERENCES[r].join('; ')}; writes ${WRITES[r]}.`);
  }
  lines.push('- **no token**: nothing (`UNAUTHENTICATED`); writes nothing.');
  lines.push('');
  lines.push(`Analysts' row-level views keep every combination of their quasi-identifiers (${analystQuasiIdentifiers().map((c) => `\`${c}\``).join(', ')}) shared by at least k people (ANALYST_K_ANONYMITY, default ${DEFAULT_ANALYST_K}); a test measures it over the demo population.`);
  return lines.join('\n');
}

/**
 * Declared coordinates as matrix rows, one per coordinate and rule: a type several subgraphs declare alike (Township,
 * AuditEntry) is one row naming them all; the note names the subgraphs, the owner and the declaration's own note.
 */
function groupedDeclarations(declared: readonly DeclaredCoordinate[]): [string, CoordinateClassification][] {
  const groups = new Map<string, { c: DeclaredCoordinate; subgraphs: string[] }>();
  for (const c of declared) {
    const key = JSON.stringify([c.coordinate, c.class, c.kind, c.owner ?? null, c.outcomes ?? null, c.note ?? null]);
    const g = groups.get(key);
    if (g) g.subgraphs.push(c.subgraph);
    else groups.set(key, { c, subgraphs: [c.subgraph] });
  }
  return [...groups.values()]
    .sort((a, b) => (a.c.coordinate < b.c.coordinate ? -1 : a.c.coordinate > b.c.coordinate ? 1 : 0))
    .map(({ c, subgraphs }) => [
      c.coordinate,
      { class: c.class, kind: c.kind, owner: c.owner, outcomes: c.outcomes, note: [`${subgraphs.join(', ')}${c.owner ? `, owner ${c.owner}` : ''}`, c.note].filter(Boolean).join(': ') },
    ]);
}

/** The markers between which README.md holds the generated matrix. */
export const ACCESS_MATRIX_BEGIN = '<!-- access-matrix:begin -->';
export const ACCESS_MATRIX_END = '<!-- access-matrix:end -->';

/** `readme` with the text between the markers replaced by the generated matrix; throws when a marker is missing. */
export function withAccessMatrix(readme: string, declared: readonly DeclaredCoordinate[] = []): string {
  const b = readme.indexOf(ACCESS_MATRIX_BEGIN);
  const e = readme.indexOf(ACCESS_MATRIX_END);
  if (b < 0 || e < b) throw new Error('README.md has no access-matrix markers');
  return readme.slice(0, b + ACCESS_MATRIX_BEGIN.length) + '\n' + renderAccessMatrix(declared) + '\n' + readme.slice(e);
}

/** Civil-affairs programmes whose enrolments reveal health for roles that see them collapsed (health.enrolment). */
export const HEALTH_REVEALING_PROGRAMMES: readonly string[] = ['TEMPORARY'];

/** An enrolment's period: first day and last day (ISO dates), the last null while it goes on. */
export interface EnrolmentPeriod {
  programme: string;
  status: string;
  startDate: string;
  endDate: string | null;
}

/** True when two enrolment periods share at least one day (ISO dates compare as strings; an open end is the far future). */
export function periodsOverlap(a: Pick<EnrolmentPeriod, 'startDate' | 'endDate'>, b: Pick<EnrolmentPeriod, 'startDate' | 'endDate'>): boolean {
  const FAR = '9999-12-31';
  return a.startDate <= (b.endDate ?? FAR) && b.startDate <= (a.endDate ?? FAR);
}

/**
 * THE single-person-coverage rule (单人保, class health.enrolment): a DIBAO enrolment is single-person coverage when its
 * period overlaps a MARGINAL enrolment of the same person — active, suspended or ended, whatever the dates — because a
 * person who had dibao while in a marginal household had it alone, and only the severely disabled or gravely ill get it
 * so. `enrolments` are the person's. The `people` programme filter applies the same rule in SQL
 * (singlePersonCoverageSql), so lists, counts and intersections agree with Person.enrolments.
 */
export function isSinglePersonCoverage<E extends EnrolmentPeriod>(e: E, enrolments: E[]): boolean {
  return e.programme === 'DIBAO' && enrolments.some((m) => m.programme === 'MARGINAL' && periodsOverlap(e, m));
}

/**
 * The SQL condition of isSinglePersonCoverage: true when the DIBAO enrolment row aliased `dibao` overlaps a MARGINAL
 * enrolment row aliased `marginal` of the same person (use it in `EXISTS (SELECT 1 FROM enrolment marginal WHERE ...)`).
 * `esc` quotes an identifier (the driver's escape); dates are ISO dates on both SQLite and PostgreSQL.
 */
export function singlePersonCoverageSql(esc: (name: string) => string, dibao: string, marginal: string): string {
  const c = (alias: string, col: string) => `${esc(alias)}.${esc(col)}`;
  const far = "'9999-12-31'";
  return (
    `${c(marginal, 'personId')} = ${c(dibao, 'personId')} AND ${c(marginal, 'programme')} = 'MARGINAL' AND ` +
    `${c(marginal, 'startDate')} <= COALESCE(${c(dibao, 'endDate')}, ${far}) AND ${c(dibao, 'startDate')} <= COALESCE(${c(marginal, 'endDate')}, ${far})`
  );
}

/**
 * A person's enrolments as the identity may see them (health.enrolment): unchanged for roles that see the class;
 * for the others TEMPORARY enrolments are left out, and every single-person-coverage DIBAO enrolment
 * (isSinglePersonCoverage: overlapping a MARGINAL one, active or ended) is left out, so the person shows as the rest of
 * the marginal household. The programme filter of `people` applies the same rule in SQL, so lists, counts and
 * intersections agree with it.
 */
export function visibleEnrolments<E extends EnrolmentPeriod>(identity: Identity, enrolments: E[]): E[] {
  if (outcomeFor(identity, 'health.enrolment') !== 'collapsed') return enrolments;
  return enrolments.filter((e) => !HEALTH_REVEALING_PROGRAMMES.includes(e.programme) && !isSinglePersonCoverage(e, enrolments));
}

/**
 * Covered groups that mirror a programme's enrolment (救助对象 DIBAO_RECIPIENT is the dibao enrolment): they follow the
 * collapse of health.enrolment, so that a single-person-coverage person's groups tell no more than the enrolments.
 */
export const PROGRAMME_MIRROR_GROUPS: Readonly<Record<string, string>> = { DIBAO_RECIPIENT: 'DIBAO' };

/**
 * A person's covered groups as the identity may see them: without the health groups (healthGroups) for roles for
 * which health.coveredGroup is omitted, and without DIBAO_RECIPIENT for roles for which health.enrolment is collapsed
 * when the person's active DIBAO enrolments are all single-person coverage (isSinglePersonCoverage).
 */
export function visibleCoveredGroups<E extends EnrolmentPeriod>(
  identity: Identity,
  groups: string[],
  enrolments: E[],
  healthGroups: readonly string[],
): string[] {
  let out = groups;
  if (outcomeFor(identity, 'health.coveredGroup') !== 'value') out = out.filter((g) => !healthGroups.includes(g));
  if (outcomeFor(identity, 'health.enrolment') === 'collapsed') {
    const activeOf = (list: E[]) => new Set(list.filter((e) => e.status === 'ACTIVE').map((e) => e.programme));
    const visible = activeOf(visibleEnrolments(identity, enrolments));
    const hidden = [...activeOf(enrolments)].filter((p) => !visible.has(p));
    out = out.filter((g) => !PROGRAMME_MIRROR_GROUPS[g] || !hidden.includes(PROGRAMME_MIRROR_GROUPS[g]));
  }
  return out;
}
