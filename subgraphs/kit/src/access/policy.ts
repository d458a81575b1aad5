import { Extensions } from 'type-graphql';
import { isNonNullType } from 'graphql';
import type { Identity } from './identity';
import { forbidden } from '../errors';
import { maskIdNumber } from '../domain/id-number';
import type { SubgraphContext } from '../context';
import { bandDate, COORDINATES, DATA_CLASSES, outcomeFor, type DataClass } from './classification';
import { ACCESS_EXTENSION, FIELD_RULE_EXTENSION, type AccessDeclaration, type FieldRuleEntry } from './declarations';
import { afterValue, ROOT_TYPES, type FieldMiddleware } from '../graphql/field-middleware';

export * from './classification';
export * from './declarations';

/**
 * AidGraph's one access policy, the same in every subgraph. A field that holds personal data declares its rule where
 * it is defined, with `@Protected(...)`; records are scoped by `scopeWhere`/`assertInScope`; writes by `assertCanWrite`.
 * What each class of data reveals and who gets what is one table, classification.ts; the README's access matrix is
 * generated from it (schema/access-matrix.js).
 */

/** Personal identifiers, and how an analyst sees them. */
export type IdentifierKind = 'name' | 'idNumber' | 'birthDate' | 'phone' | 'address';

export type FieldRule =
  /** a personal identifier: analysts see it masked; department officers see name, ID number and birth date only */
  | { identifier: IdentifierKind }
  /** a department's sensitive data (income, illness, disability): that department, caseworkers, analysts, auditors */
  | { sensitiveOf: string }
  /** the audit log and similar: auditors only */
  | { auditorsOnly: true }
  /** a class of the classification (classification.ts), optionally with the owning department at this field */
  | { class: DataClass; owner?: string };

/** Sensitive data of a department, by department: the class it is in (the older `{ sensitiveOf }` rule maps to it). */
const SENSITIVE_CLASS_OF: Record<string, DataClass> = {
  CIVIL_AFFAIRS: 'income',
  MEDICAL_SECURITY: 'health.medical',
  DISABLED_PERSONS_FEDERATION: 'health.disability',
  CHARITY_FEDERATION: 'health.charity',
};

/** The class (and owner) a field rule declares. */
export function classOfRule(rule: FieldRule | DataClass): { cls: DataClass; owner?: string; identifier?: IdentifierKind } {
  if (typeof rule === 'string') return { cls: rule };
  if ('class' in rule) return { cls: rule.class, owner: rule.owner };
  if ('auditorsOnly' in rule) return { cls: 'auditLog' };
  if ('sensitiveOf' in rule) return { cls: SENSITIVE_CLASS_OF[rule.sensitiveOf] ?? 'health.medical', owner: rule.sensitiveOf };
  return { cls: `identifier.${rule.identifier}` as DataClass, identifier: rule.identifier };
}

/** Mask a name for analysts: the surname stays, the given name is hidden (张** ). Two-character compound surnames are kept. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*';
  const compound = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '夏侯', '司徒', '宇文', '长孙'];
  const surnameLength = chars.length > 2 && compound.includes(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, surnameLength).join('') + '*'.repeat(chars.length - surnameLength);
}

/** The year of an ISO date: analysts see a birth date reduced to its year ("1987"). */
export function maskBirthDate(date: string): string {
  return date.slice(0, 4);
}

/**
 * Apply a field rule to a resolved value for an identity: the outcome comes from the classification table
 * (classification.ts) for the rule's class and the caller's role. Returns the value, its banded form, or null;
 * throws FORBIDDEN where the role may not see the field at all (the message depends only on the role and the class).
 */
export function applyFieldRule(rule: FieldRule | DataClass, identity: Identity, value: unknown, opts: { inScope?: boolean } = {}): unknown {
  if (value === null || value === undefined) return value;
  const { cls, owner, identifier } = classOfRule(rule);
  const outcome = outcomeFor(identity, cls, { owner, inScope: opts.inScope });
  switch (outcome) {
    case 'value':
    case 'collapsed': // a collapsed view is built by the list or field resolver; the field's own value stands
      return value;
    case 'null':
    case 'omitted':
      return null;
    case 'banded':
      return typeof value === 'string' && /^\d{4}-\d{2}/.test(value) ? bandDate(value) : null;
    case 'masked':
      if (identifier === 'name') return maskName(String(value));
      if (identifier === 'idNumber') return maskIdNumber(String(value));
      if (identifier === 'birthDate') return maskBirthDate(String(value));
      return null;
    case 'countOnly': // a filter's outcome (count-only.ts); a field with it is refused like FORBIDDEN
    case 'FORBIDDEN': {
      if (cls === 'auditLog') throw forbidden('only auditors may see this field');
      if (cls.startsWith('identifier.') && identity.role === 'department_officer')
        throw forbidden('department officers see only the identifiers their work needs (name, ID number, birth date)');
      const dept = owner ?? (DATA_CLASSES[cls] as { owner?: string }).owner;
      throw forbidden(`this field is sensitive data${dept ? ` of ${dept}` : ''} (${cls}); your role may not see it`);
    }
  }
}

/** How many field-level `@Protected` decorators have run: each rule's extension key is numbered by it. */
let fieldRuleCount = 0;

/** Where each `@Protected` field is declared (class name, field, data class): read by the classification test. */
export const PROTECTED_DECLARATIONS: { type: string; field: string; cls: DataClass }[] = [];

/**
 * Declare the access rule of personal or department data (deny by default: a field with no rule fails the schema
 * build, declarations.ts).
 * - On a field (property or field resolver): resolve the field, then apply `rule` for the caller, with the scope of
 *   the row it is read from (protectedField: the root's townshipCode/villageCode, as typeRule), and note the read
 *   for the audit log.
 * - On an `@ObjectType` class: the same rule for every field of that type that declares none of its own (the key
 *   `id` and Relay plumbing excepted), enforced by the kit's schema builder (`typeRule`). A department's records take
 *   `@Protected({ class: 'department.record', owner: DEPARTMENT })`: that department, caseworkers in scope, auditors.
 * The rule is also written into the field's (type's) GraphQL extensions, where the build-time check reads it.
 */
export function Protected(rule: FieldRule | DataClass): MethodDecorator & PropertyDecorator & ClassDecorator {
  const { cls, owner } = classOfRule(rule);
  if (!(cls in DATA_CLASSES)) throw new Error(`@Protected: unknown data class '${cls}' (add it to DATA_CLASSES in classification.ts first)`);
  if (cls === 'department.record' && !owner)
    throw new Error("@Protected('department.record') needs the owning department: @Protected({ class: 'department.record', owner: DEPARTMENT })");
  const declaration: AccessDeclaration = owner ? { class: cls, owner } : { class: cls };
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (key === undefined) {
      // on a class: a type-wide declaration, enforced by typeRule
      (Extensions({ [ACCESS_EXTENSION]: declaration }) as ClassDecorator)(target as Function);
      return;
    }
    PROTECTED_DECLARATIONS.push({ type: target.constructor.name, field: String(key), cls });
    // on a field: the declaration and the rule itself, which the kit's schema builder enforces (protectedField). A
    // field may carry several rules (`number` of a disability certificate: the department's sensitive data and an ID
    // number), on one class, on a class and its subclass, or on an entity and a resolver's @FieldResolver: type-graphql
    // merges all of a field's extensions key by key, one value per key, so each rule goes under a key of its own
    // (fieldRuleEntriesOf in declarations.ts reads them back, in the order the decorators ran)
    const entry: FieldRuleEntry<FieldRule | DataClass> = { rule, declaration };
    return (Extensions({ [ACCESS_EXTENSION]: declaration, [`${FIELD_RULE_EXTENSION}:${++fieldRuleCount}`]: entry }) as any)(target, key, descriptor);
  }) as MethodDecorator & PropertyDecorator & ClassDecorator;
}

/**
 * The middleware of a field-level `@Protected(rule)`: resolve the field, then apply the rule for the caller with the
 * scope of the row it is read from (rowScope: a record carrying `townshipCode`/`villageCode` of another township or
 * village gets the class's out-of-scope outcome, exactly as typeRule applies a type-wide rule), and note the read for
 * the audit log.
 */
export function protectedField(rule: FieldRule | DataClass): FieldMiddleware<SubgraphContext> {
  return ({ context, info, root }, next) =>
    afterValue(next(), (value) => {
      const out = withheldList(info, applyFieldRule(rule, context.identity, value, rowScope(context.identity, root)), value);
      // a root field (a list or lookup) reads no record itself: its rows are noted by the kit's read middleware
      if (out !== null && out !== undefined && !ROOT_TYPES.has(info.parentType.name)) {
        context.audit.noteRead(info.parentType.name, root, info.fieldName);
      }
      return out;
    });
}

/**
 * The kit's enforcement of a type-wide rule (`@Protected(...)` on an `@ObjectType` class) on one field, installed by
 * `buildFederatedSchema` on each field that has no rule of its own and is not exempt (typeWideRules in
 * declarations.ts gives `declared`, the type's declaration): the field gets the type's rule applied to its value, as a field-level `@Protected` would; a record that carries its `townshipCode` (and
 * `villageCode`, where it has one) is seen by a caseworker of another township, or a village assistant of another
 * village, as the class says for them (omitted: null; FORBIDDEN) — a record with a township and no village is outside
 * every village assistant's scope (inScope). Reads are noted by
 * the kit's read middleware (auditReads), which runs on every field.
 */
export function typeRule(declared: AccessDeclaration): FieldMiddleware<SubgraphContext> {
  const rule: FieldRule = declared.owner ? { class: declared.class, owner: declared.owner } : { class: declared.class };
  return ({ context, info, root }, next) =>
    afterValue(next(), (value) => withheldList(info, applyFieldRule(rule, context.identity, value, rowScope(context.identity, root)), value));
}

/**
 * The scope of the row a field is read from, for applyFieldRule (the field-level `@Protected` middleware and typeRule
 * alike): a root that carries its `townshipCode` (and `villageCode`) is in or out of the caller's scope (inScope); a
 * root without one (a Person stub, a connection) was reached through the caller's scope and says nothing.
 */
export function rowScope(identity: Identity, root: unknown): { inScope?: boolean } {
  const record = root && typeof root === 'object' ? (root as { townshipCode?: unknown; villageCode?: unknown }) : {};
  const township = record.townshipCode;
  if (typeof township !== 'string') return {};
  // a row of a type that carries no village (an enrolment, a verification run) is read by a village assistant only
  // through a person or household of its village (its lists of such types are empty: scopeWhere): another township is
  // out of scope, its own says nothing more, and the class decides (other departments' data: out of scope anyway)
  if (identity.role === 'village_assistant' && !('villageCode' in record)) return township === identity.township ? {} : { inScope: false };
  const village = typeof record.villageCode === 'string' ? record.villageCode : undefined;
  return { inScope: inScope(identity, township, village) };
}

/**
 * A list withheld by its rule (null or omitted: applyFieldRule answered null for a list) is the empty list where the
 * field is a non-null list (`[X!]!`): null there would be an internal error that takes the whole parent with it.
 */
function withheldList(info: { returnType: unknown }, out: unknown, value: unknown): unknown {
  if ((out === null || out === undefined) && Array.isArray(value) && isNonNullType(info.returnType)) return [];
  return out;
}

/** The roles scoped to a township (a village assistant's township is its village's, and it is scoped to the village). */
const SCOPED_ROLES: ReadonlySet<Identity['role']> = new Set(['caseworker', 'township_approver', 'village_assistant']);

/**
 * True when the identity may see personal records handled in `townshipCode` (and `villageCode`): every record for
 * department officers, analysts and auditors (their classes decide what they get); for a caseworker or a township
 * approver the records of its township; for a village assistant the records of its village only — a record must carry
 * the village (`villageCode`) to be in a village assistant's scope: a record with a township and no village (a
 * department's record, or a caller that did not pass the village) is out of its scope. Fails closed: no township, no scope.
 */
export function inScope(identity: Identity, townshipCode: string | null | undefined, villageCode?: string | null): boolean {
  // the public disclosure site has no scope: no record is in it (it reads only the notices, which are not scoped)
  if (identity.role === 'public') return false;
  if (!SCOPED_ROLES.has(identity.role)) return true;
  if (!townshipCode || townshipCode !== identity.township) return false;
  if (identity.role !== 'village_assistant') return true;
  return !!villageCode && !!identity.village && villageCode === identity.village;
}

/** Throw FORBIDDEN unless the identity may see records of `townshipCode` (and `villageCode`: see inScope). */
export function assertInScope(identity: Identity, townshipCode: string | null | undefined, villageCode?: string | null): void {
  if (!inScope(identity, townshipCode, villageCode))
    throw forbidden(identity.role === 'village_assistant' ? 'this record is outside your village' : 'this record belongs to a township outside your scope');
}

/**
 * A township code no record has: the scope of a list a village assistant may not see (its entity carries no village),
 * so that a caller that applies only `townshipCode` still lists nothing.
 */
export const NO_TOWNSHIP = 'none';

/** Whether a list's entity carries the village its records belong to (see scopeWhere). */
export interface ScopeOptions {
  /**
   * true when the entity has a `villageCode` column (a registry person or household, an application) and a village
   * assistant may see its rows of its village; false when it has none (a department's records carry a township only):
   * a village assistant's list of it is then empty. Required: every list says which.
   */
  villageCode: boolean;
  /**
   * true for a published disclosure (公开公示: the fund use, which the disclosure site may read): the `public` role's
   * scope is then the whole city; otherwise it lists nothing
   */
  published?: boolean;
}

/** The restriction of a list for an identity (scopeWhere): the township, and the village for a village assistant. */
export interface Scope {
  /** restrict to this township (NO_TOWNSHIP: to nothing) */
  townshipCode?: string;
  /** restrict to this village as well (set only for a village assistant on an entity with a villageCode) */
  villageCode?: string;
}

/**
 * The restriction a list query must add for this identity: `{ townshipCode }` for a caseworker or township approver;
 * for a village assistant `{ townshipCode, villageCode }` on an entity with a `villageCode` (`opts.villageCode: true`),
 * and on one without `{ townshipCode: NO_TOWNSHIP }`, which no record matches (its list is empty, whoever forgets the
 * village); nothing for other roles. Lists never return records out of scope (rather than erroring on them). Apply
 * every key it returns (`where: { ...scopeWhere(identity, opts) }`), or let scopeQuery do it on a query builder.
 */
export function scopeWhere(identity: Identity, opts: ScopeOptions): Scope {
  // the public disclosure site lists nothing (its root gate refuses every list anyway: access/public-site.ts) but what
  // is published for the whole city
  if (identity.role === 'public') return opts.published ? {} : { townshipCode: NO_TOWNSHIP };
  if (!SCOPED_ROLES.has(identity.role)) return {};
  // (a scoped identity without its township cannot come from a verified token; it would list nothing, not everything)
  if (identity.role !== 'village_assistant') return { townshipCode: identity.township || NO_TOWNSHIP };
  if (!opts.villageCode || !identity.village || !identity.township) return { townshipCode: NO_TOWNSHIP };
  return { townshipCode: identity.township, villageCode: identity.village };
}

/**
 * Add scopeWhere's restriction to a query builder whose entity is aliased `alias` (columns `townshipCode` and, with
 * `opts.villageCode`, `villageCode`): the one way to scope a list that cannot forget the village. Returns `qb`.
 */
export function scopeQuery<Q extends { andWhere(where: string, params?: Record<string, unknown>): unknown }>(
  qb: Q,
  alias: string,
  identity: Identity,
  opts: ScopeOptions,
): Q {
  const scope = scopeWhere(identity, opts);
  if (scope.townshipCode !== undefined) qb.andWhere(`${alias}.townshipCode = :scopeTownshipCode`, { scopeTownshipCode: scope.townshipCode });
  if (scope.villageCode !== undefined) qb.andWhere(`${alias}.villageCode = :scopeVillageCode`, { scopeVillageCode: scope.villageCode });
  return qb;
}

/**
 * What a write changes, for the roles that may write only some records of a department: `registry` (civil affairs:
 * households, members, corrections, status changes), `application` (the service centre: an application, its
 * documents, visits and steps); `record` (default) for anything else (an enrolment, a department's records).
 */
export type WriteKind = 'record' | 'registry' | 'application';

/** Where a write happens, and what it changes (assertCanWrite). */
export interface WriteTarget {
  /** the record's village (12 digits): required for a village assistant's writes */
  villageCode?: string | null;
  /** what the write changes (default `record`) */
  kind?: WriteKind;
}

/** The department code of the service centre (社会救助综合服务中心), whose applications the township's staff write. */
const SERVICE_CENTRE = 'SOCIAL_ASSISTANCE_CENTRE';

/**
 * True when the identity may write records of `department` of `kind` anywhere (before a record is looked up, so that
 * a caller who may write nothing of it does not learn from NOT_FOUND which ids exist); assertCanWrite with the
 * record's township (and village) decides for the record itself.
 */
export function mayWriteSome(identity: Identity, department: string, kind: WriteKind = 'record'): boolean {
  switch (identity.role) {
    case 'department_officer':
      return identity.department === department;
    case 'caseworker':
      return department === 'CIVIL_AFFAIRS' || department === SERVICE_CENTRE;
    case 'township_approver':
      return department === SERVICE_CENTRE && kind === 'application';
    case 'village_assistant':
      return (department === 'CIVIL_AFFAIRS' && kind === 'registry') || (department === SERVICE_CENTRE && kind === 'application');
    default:
      return false;
  }
}

/**
 * Throw FORBIDDEN unless the identity may write records of `department` handled in `townshipCode` (and
 * `target.villageCode`), of `target.kind`:
 * - a department's officers write their department's records (anywhere);
 * - caseworkers write civil-affairs records (registry, enrolments) and service-centre applications of their township;
 * - township approvers write only service-centre applications of their township (`kind: 'application'`: confirming or
 *   refusing; which step a role may take is the service centre's rule), nothing in a department's subgraph;
 * - village assistants write the civil-affairs registry (`kind: 'registry'`) and service-centre applications
 *   (`kind: 'application'`) of their village — the record's `villageCode` must be given — and nothing else (no enrolment,
 *   no decision, no other department's records);
 * - analysts, auditors and the public disclosure site write nothing.
 */
export function assertCanWrite(identity: Identity, department: string, townshipCode?: string | null, target: WriteTarget = {}): void {
  const kind = target.kind ?? 'record';
  if (identity.role === 'department_officer' && identity.department === department) return;
  if (mayWriteSome(identity, department, kind) && identity.role !== 'department_officer' && inScope(identity, townshipCode, target.villageCode)) return;
  throw forbidden(`your role may not change ${department} ${kind === 'record' ? 'records' : kind === 'registry' ? 'registry records' : 'applications'}${townshipCode ? ' here' : ''}`);
}

/**
 * Throw FORBIDDEN when a department officer asks for another department's records of a department whose records are
 * sensitive as a whole (medical claims, disability records, charity grants: they reveal illness and disability).
 * Caseworkers (scoped), analysts and auditors may read them; the owning department's officers too.
 */
export function assertMayReadDepartment(identity: Identity, department: string): void {
  const cls = SENSITIVE_CLASS_OF[department] ?? 'health.medical';
  if (outcomeFor(identity, cls, { owner: department }) === 'FORBIDDEN')
    throw forbidden(`${department} records are sensitive; other departments' officers may not read them`);
}

/**
 * Throw FORBIDDEN for analysts: looking a person up by a full identifier (an ID number) or filtering by a name would
 * undo the masking analysts see (a masked ID number plus the birth year leaves few candidates; a name prefix recovers a
 * masked name).
 */
export function assertNotAnalystLookup(identity: Identity, what: string, coordinate = 'Query.personByIdNumber'): void {
  const c = COORDINATES[coordinate];
  const refused = c ? outcomeFor(identity, c.class, { coordinate }) === 'FORBIDDEN' : identity.role === 'analyst';
  if (refused) throw forbidden(`analysts may not ${what}: it would undo the masking of personal identifiers`);
}

/**
 * Covered groups (救助对象) that reveal a person's health or disability: department officers other than civil affairs'
 * do not see them in a person's groups nor filter by them.
 */
export const HEALTH_COVERED_GROUPS: readonly string[] = [
  'SEVERE_MENTAL_ILLNESS', 'TWO_CANCERS_POOR_WOMAN', 'CLEFT_OR_CEREBRAL_PALSY_CHILD', 'DISABLED_IN_DIFFICULTY',
  'HEROIC_ACT_DISABLED', 'UNIDENTIFIED_EMERGENCY_PATIENT',
];
