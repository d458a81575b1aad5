import type { DishonestyRecord } from './credit.entity';
import { LEGAL_BASES, dishonestyStatus, type DishonestyStatus } from './credit.policy';

/**
 * 信用信息共享平台报送格式 The export of dishonesty records for the credit-sharing platform: JSON Lines (UTF-8, one JSON
 * object per line, `\n` after each line, no header), records in the order (decidedOn, id). Format `aidgraph.dishonesty/1`:
 * every line has exactly these keys, in this order (EXPORT_COLUMNS):
 *
 * | key | type | what |
 * |---|---|---|
 * | format | string | always `aidgraph.dishonesty/1` |
 * | recordId | string (UUID) | the record's id (stable: the platform updates its entry by it) |
 * | personId | string (UUID) | the person's opaque registry id (civil affairs), NOT the ID number (see below) |
 * | townshipCode | string (9 digits) | the township whose application it was |
 * | conducts | string[] | FALSE_REPORT, CONCEALMENT, FORGERY, FALSE_CLAIM |
 * | legalBases | {code, citation}[] | the legal bases cited, SA_ART68 first |
 * | decidedOn | string (ISO date) | when the record was made |
 * | startsOn, endsOn | string (ISO date) | the period, both days included |
 * | status | string | IN_FORCE, EXPIRED, REVOKED or PENDING on `asOf` |
 * | revokedOn | string (ISO date) or null | when revoked (the platform removes the entry) |
 * | version | integer | the record's version (a change raises it) |
 * | asOf | string (ISO date) | the date the status is computed for |
 *
 * Left out on purpose (data minimisation, 个人信息保护法 第六条; 社会救助暂行办法 第六十一条): the name, the ID number, the
 * findings and the revocation reason (free text that may hold more personal detail). The platform identifies a natural
 * person by the resident ID number: civil affairs, which owns identifiers, adds it at the platform's interface from
 * `personId` (the service centre keeps no ID numbers and this export does not reach into the registry).
 */
export const EXPORT_FORMAT = 'aidgraph.dishonesty/1';

export const EXPORT_COLUMNS = ['format', 'recordId', 'personId', 'townshipCode', 'conducts', 'legalBases', 'decidedOn', 'startsOn', 'endsOn', 'status', 'revokedOn', 'version', 'asOf'] as const;

export interface ExportLine {
  format: typeof EXPORT_FORMAT;
  recordId: string;
  personId: string;
  townshipCode: string;
  conducts: string[];
  legalBases: { code: string; citation: string }[];
  decidedOn: string;
  startsOn: string;
  endsOn: string;
  status: DishonestyStatus;
  revokedOn: string | null;
  version: number;
  asOf: string;
}

/** One record as a line object of the export (keys in EXPORT_COLUMNS order). */
export function exportLine(r: DishonestyRecord, asOf: string): ExportLine {
  const bases = [...r.legalBases].sort((a, b) => (a === 'SA_ART68' ? -1 : b === 'SA_ART68' ? 1 : 0));
  return {
    format: EXPORT_FORMAT,
    recordId: r.id,
    personId: r.personId,
    townshipCode: r.townshipCode,
    conducts: [...r.conducts],
    legalBases: bases.map((code) => ({ code, citation: LEGAL_BASES.find((l) => l.code === code)?.citation ?? code })),
    decidedOn: r.decidedOn,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    status: dishonestyStatus(r, asOf),
    revokedOn: r.revokedOn,
    version: r.version,
    asOf,
  };
}

/** The JSON Lines text of `records` (each line ends with `\n`; empty for no record). */
export function exportJsonLines(records: readonly DishonestyRecord[], asOf: string): string {
  return records.map((r) => `${JSON.stringify(exportLine(r, asOf))}\n`).join('');
}
