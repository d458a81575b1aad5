/**
 * Collects, during one request, which protected fields of which records were read and which writes were made,
 * so that the subgraph can append them to its audit log when the request ends.
 */
export interface AuditRead {
  /** GraphQL type name (Person, EducationAid, ...) */
  entity: string;
  /** the record's key (a person's opaque id, or the record's id) — never an ID number */
  key: string;
  fields: string[];
  /** the person the record belongs to, where known */
  personId?: string;
}

export interface AuditWrite {
  entity: string;
  key: string;
  personId?: string;
  action: 'create' | 'update' | 'delete';
  /** field -> [before, after]; personal identifiers are never stored in clear here */
  changes: Record<string, [unknown, unknown]>;
}

export class AuditCollector {
  private readonly readIndex = new Map<string, AuditRead>();
  readonly writes: AuditWrite[] = [];

  /** Note that `field` of a record of type `entity` was read (called by @Protected). */
  noteRead(entity: string, record: unknown, field: string): void {
    const r = record as { id?: unknown; personId?: unknown } | null;
    const key = r && r.id !== undefined ? String(r.id) : '?';
    const personId = entity === 'Person' ? key : r && r.personId !== undefined ? String(r.personId) : undefined;
    const id = `${entity}:${key}`;
    let entry = this.readIndex.get(id);
    if (!entry) {
      entry = { entity, key, fields: [], personId };
      this.readIndex.set(id, entry);
    }
    if (!entry.fields.includes(field)) entry.fields.push(field);
  }

  noteWrite(w: AuditWrite): void {
    this.writes.push(w);
  }

  /** The writes noted and not yet appended to the audit log (they are appended once). */
  takeWrites(): AuditWrite[] {
    return this.writes.splice(0, this.writes.length);
  }

  get reads(): AuditRead[] {
    return [...this.readIndex.values()];
  }

  get empty(): boolean {
    return this.readIndex.size === 0 && this.writes.length === 0;
  }
}
