/**
 * Collects, during one request, whose personal data was read (persons, households, other records), which fields
 * (schema coordinates such as `Person.name`, `EducationAid.amount`), which reads were refused, and which writes were
 * made, so that the subgraph appends them to its audit log when the request ends: at most one read entry and one
 * refusal entry per request, with each person once and each coordinate once (no per-record payload).
 */

/** What one request read, compactly: each person, household and record once, each coordinate once. */
export interface AuditReadSummary {
  /** registry person ids whose data was read */
  persons: string[];
  /** household ids whose data was read (a household's own fields: address, income...) */
  households: string[];
  /** `Type:key` of records read that belong to no registry person (e.g. a donor of a charity donation) */
  records: string[];
  /** schema coordinates read (`Person.name`, `MedicalClaim.diagnosis`), sorted */
  fields: string[];
}

/** One kind of refused access in a request (FORBIDDEN / UNAUTHENTICATED), counted. Never personal data. */
export interface AuditRefusal {
  /** the schema coordinate refused (`Person.medicalClaims`), when known */
  coordinate: string | null;
  /** the response path with list indices as `*` (`people.edges.*.node.phone`) */
  path: string | null;
  /** the error code: FORBIDDEN or UNAUTHENTICATED */
  code: string;
  /** the error's message (the policy's reason; policy messages carry no personal data), at most 200 characters */
  reason: string;
  /** how many times it was refused in this request (once per record of a list) */
  count: number;
}

export interface AuditWrite {
  entity: string;
  key: string;
  personId?: string;
  action: 'create' | 'update' | 'delete';
  /** field -> [before, after]; personal identifiers are never stored in clear here */
  changes: Record<string, [unknown, unknown]>;
}

/** Whose data an object of the graph is: a person, a household, or nobody known. */
export type AuditOwner = { person: string } | { household: string } | null;

/**
 * The owner of a resolved object of type `typeName`: a Person (or a department's Person stub) by its `id`, a Household
 * by its `id`, a department record by its `personId` (else its `householdId`). Null when the object names none.
 */
export function ownerOf(typeName: string, record: unknown): AuditOwner {
  if (!record || typeof record !== 'object') return null;
  const r = record as { id?: unknown; personId?: unknown; householdId?: unknown };
  if (typeName === 'Person') return r.id != null ? { person: String(r.id) } : null;
  if (typeName === 'Household') return r.id != null ? { household: String(r.id) } : null;
  if (r.personId != null && r.personId !== '') return { person: String(r.personId) };
  if (r.householdId != null && r.householdId !== '') return { household: String(r.householdId) };
  return null;
}

export class AuditCollector {
  private readonly persons = new Set<string>();
  private readonly households = new Set<string>();
  private readonly records = new Set<string>();
  private readonly fields = new Set<string>();
  private readonly refusalIndex = new Map<string, AuditRefusal>();
  private readonly refusalPersons = new Set<string>();
  private readonly refusedPaths = new Set<string>();
  /** objects reached from a person's or household's field (a connection, a computed summary) inherit their owner */
  private readonly inherited = new WeakMap<object, AuditOwner>();
  /** households reached from a person's field (`Person.household`): their reads are that person's, already noted */
  private readonly viaPerson = new WeakSet<object>();
  /** rows returned by a field whose arguments are classified personal data, with those argument coordinates */
  private readonly byArguments = new WeakMap<object, string[]>();
  readonly writes: AuditWrite[] = [];

  /**
   * Note that the field `field` of a record of type `entity` was read. The record's owner is found by `ownerOf`, else
   * inherited from the object it was reached from; a record with neither is noted by its own key (`Type:id`).
   * Called by the kit's read middleware for every field, and by `@Protected`.
   */
  noteRead(entity: string, record: unknown, field: string): void {
    const owner = this.ownerOfRecord(entity, record);
    if (owner && 'household' in owner && record && typeof record === 'object' && this.viaPerson.has(record)) {
      // the household of a person whose `household` field was read: the person is named already
    } else if (owner) this.noteOwner(owner);
    else {
      const r = record as { id?: unknown } | null;
      this.records.add(`${entity}:${r && r.id != null ? String(r.id) : '?'}`);
    }
    this.fields.add(`${entity}.${field}`);
  }

  /** Note a person whose data was read (e.g. a household's members when listed). */
  notePerson(personId: string): void {
    this.persons.add(personId);
  }

  /** The owner of `record` (own, or inherited from the object it was reached from), or null. */
  ownerOfRecord(entity: string, record: unknown): AuditOwner {
    const own = ownerOf(entity, record);
    if (own) return own;
    return record && typeof record === 'object' ? this.inherited.get(record) ?? null : null;
  }

  /** Objects resolved from a field of an owned record belong to the same owner (unless they name their own). */
  inherit(owner: AuditOwner, value: unknown): void {
    if (!owner || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) if (v && typeof v === 'object' && !this.inherited.has(v)) this.inherited.set(v, owner);
    } else if (!this.inherited.has(value)) this.inherited.set(value, owner);
  }

  /**
   * Mark the rows `value` returned by a list or lookup whose arguments are classified personal data (`coordinates`,
   * e.g. `PersonFilter.programme`: the filter itself tells who is in a programme): a single array, a connection's
   * `edges[].node`, or one object. Reading any field of a marked row, even its `id`, notes its owner and the coordinates
   * (noteArgumentRow); rows never reached (a bare `totalCount`) are not noted.
   */
  markReturnedBy(coordinates: string[], value: unknown): void {
    if (!coordinates.length || !value || typeof value !== 'object') return;
    const mark = (row: unknown) => {
      if (!row || typeof row !== 'object') return;
      const before = this.byArguments.get(row) ?? [];
      this.byArguments.set(row, [...new Set([...before, ...coordinates])]);
    };
    const rows = Array.isArray(value) ? value : [value];
    for (const r of rows) {
      const edges = r && typeof r === 'object' ? (r as { edges?: unknown }).edges : undefined;
      if (Array.isArray(edges)) for (const e of edges) mark(e && typeof e === 'object' ? (e as { node?: unknown }).node : null);
      else mark(r);
    }
  }

  /** Note the owner of `record` (a row marked by markReturnedBy) and the argument coordinates that found it, once. */
  noteArgumentRow(entity: string, record: unknown): void {
    if (!record || typeof record !== 'object') return;
    const coordinates = this.byArguments.get(record);
    if (!coordinates) return;
    this.byArguments.delete(record);
    const owner = this.ownerOfRecord(entity, record);
    if (owner) this.noteOwner(owner);
    else {
      const r = record as { id?: unknown };
      this.records.add(`${entity}:${r.id != null ? String(r.id) : '?'}`);
    }
    for (const c of coordinates) this.fields.add(c);
  }

  /** Note that `value` (a Household) was reached from a person's field: its reads are named by that person. */
  reachedFromPerson(value: unknown): void {
    if (value && typeof value === 'object' && !Array.isArray(value)) this.viaPerson.add(value);
  }

  private noteOwner(owner: NonNullable<AuditOwner>): void {
    if ('person' in owner) this.persons.add(owner.person);
    else this.households.add(owner.household);
  }

  /** Note a refused access (FORBIDDEN, UNAUTHENTICATED): counted per coordinate, path and reason. */
  noteRefusal(r: { coordinate?: string | null; path?: readonly (string | number)[] | null; code: string; reason: string; owner?: AuditOwner }): void {
    const path = r.path ? normalisePath(r.path) : null;
    const reason = r.reason.slice(0, 200);
    const key = `${r.coordinate ?? ''}|${path ?? ''}|${r.code}|${reason}`;
    const found = this.refusalIndex.get(key);
    if (found) found.count++;
    else this.refusalIndex.set(key, { coordinate: r.coordinate ?? null, path, code: r.code, reason, count: 1 });
    if (path) this.refusedPaths.add(path);
    if (r.owner && 'person' in r.owner) this.refusalPersons.add(r.owner.person);
  }

  /** True when a refusal at this response path was already noted (by the read middleware). */
  hasRefusalAt(path: readonly (string | number)[]): boolean {
    return this.refusedPaths.has(normalisePath(path));
  }

  noteWrite(w: AuditWrite): void {
    this.writes.push(w);
  }

  /** The writes noted and not yet appended to the audit log (they are appended once). */
  takeWrites(): AuditWrite[] {
    return this.writes.splice(0, this.writes.length);
  }

  /** What this request read of personal data, or null when it read none. */
  get readSummary(): AuditReadSummary | null {
    if (!this.persons.size && !this.households.size && !this.records.size) return null;
    return {
      persons: [...this.persons],
      households: [...this.households],
      records: [...this.records],
      fields: [...this.fields].sort(),
    };
  }

  /** The refusals of this request, and the persons whose data was refused. */
  get refusals(): { refusals: AuditRefusal[]; persons: string[] } {
    return { refusals: [...this.refusalIndex.values()], persons: [...this.refusalPersons] };
  }

  /** Forget the reads and refusals noted so far (they were appended). */
  clearReads(): void {
    this.persons.clear();
    this.households.clear();
    this.records.clear();
    this.fields.clear();
    this.refusalIndex.clear();
    this.refusalPersons.clear();
  }

  get empty(): boolean {
    return !this.persons.size && !this.households.size && !this.records.size && !this.refusalIndex.size && this.writes.length === 0;
  }
}

/** A response path with list indices replaced by `*`: `people.edges.*.node.phone`. */
export function normalisePath(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? '*' : p)).join('.').slice(0, 300);
}
