import fs from 'node:fs';
import { PROGRAMMES, townshipByCode } from '@aidgraph/subgraph-kit';
import defaults from './document-requirements.json';

/**
 * 申请材料清单 The configurable table of the documents each programme needs, with effective dates
 * (document-requirements.json, or the file named by DOCUMENT_REQUIREMENTS_FILE in the same shape). An application needs
 * the union of its programmes' documents in the version in force on its submission date (one row per document code).
 */
export interface DocumentRequirement {
  /** the document's code (UPPER_SNAKE), the same across programmes */
  code: string;
  /** Chinese name, as printed on the one-time notice */
  name: string;
  /** whether a signed commitment (告知承诺) may replace it */
  commitmentAllowed: boolean;
}

export interface DocumentTableVersion {
  /** ISO date from which this version applies (until the next version's) */
  effectiveFrom: string;
  /** programme code (programmes.json) -> its documents */
  programmes: Record<string, DocumentRequirement[]>;
}

export interface DocumentTable {
  source?: string;
  versions: DocumentTableVersion[];
}

/** Check a table: dates in order, known programme codes, each document code with one name and one commitment rule. */
export function validateDocumentTable(t: DocumentTable): DocumentTable {
  if (!Array.isArray(t.versions) || !t.versions.length) throw new Error('document table: no versions');
  const known = new Set(PROGRAMMES.map((p) => p.code));
  let previous = '';
  for (const v of t.versions) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.effectiveFrom) || v.effectiveFrom <= previous) throw new Error(`document table: effectiveFrom ${v.effectiveFrom} is not an ISO date after the previous version's`);
    previous = v.effectiveFrom;
    const byCode = new Map<string, DocumentRequirement>();
    for (const [programme, docs] of Object.entries(v.programmes)) {
      if (!known.has(programme)) throw new Error(`document table ${v.effectiveFrom}: unknown programme ${programme}`);
      for (const d of docs) {
        if (!/^[A-Z][A-Z0-9_]{1,39}$/.test(d.code) || !d.name || typeof d.commitmentAllowed !== 'boolean') throw new Error(`document table ${v.effectiveFrom}: bad document ${JSON.stringify(d)}`);
        const seen = byCode.get(d.code);
        if (seen && (seen.name !== d.name || seen.commitmentAllowed !== d.commitmentAllowed)) throw new Error(`document table ${v.effectiveFrom}: ${d.code} is described differently by two programmes`);
        byCode.set(d.code, d);
      }
    }
  }
  return t;
}

let table: DocumentTable | null = null;

/** The table in use: DOCUMENT_REQUIREMENTS_FILE when set, else the bundled document-requirements.json (read once). */
export function documentTable(): DocumentTable {
  if (!table) {
    const file = process.env.DOCUMENT_REQUIREMENTS_FILE;
    table = validateDocumentTable(file ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DocumentTable) : (defaults as DocumentTable));
  }
  return table;
}

/** Use `t` as the table (tests); null goes back to the configured one. */
export function setDocumentTable(t: DocumentTable | null): void {
  table = t ? validateDocumentTable(t) : null;
}

/**
 * The documents an application for `programmes` submitted on `on` needs: the union of the programmes' lists in the
 * version in force that day (the earliest version for an earlier date), in the table's order, each code once.
 */
export function requiredDocuments(programmes: readonly string[], on: string): DocumentRequirement[] {
  const versions = documentTable().versions;
  const version = [...versions].reverse().find((v) => v.effectiveFrom <= on) ?? versions[0];
  const out = new Map<string, DocumentRequirement>();
  for (const p of programmes) for (const d of version.programmes[p] ?? []) if (!out.has(d.code)) out.set(d.code, { ...d });
  return [...out.values()];
}

/** What the one-time notice is written from. */
export interface NoticeInput {
  applicationId: string;
  acceptedOn: string;
  townshipCode: string;
  programmes: readonly string[];
  documents: readonly { code: string; name: string; state: string; commitmentAllowed: boolean }[];
}

/** 2025-07-03 -> 2025年7月3日 */
function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * 一次性告知书 The one-time notice given at acceptance: every missing document, once, as printable text. It names the
 * application number, the date and the township, never the applicant (it is handed over and may be copied).
 */
export function oneTimeNoticeText(n: NoticeInput): string {
  const township = townshipByCode(n.townshipCode)?.name ?? n.townshipCode;
  const programmeNames = n.programmes.map((c) => PROGRAMMES.find((p) => p.code === c)?.name ?? c).join('、');
  const missing = n.documents.filter((d) => d.state === 'MISSING');
  const committed = n.documents.filter((d) => d.state === 'COMMITMENT');
  const lines = [
    '社会救助申请材料一次性告知书',
    '',
    `申请编号：${n.applicationId}`,
    `受理日期：${chineseDate(n.acceptedOn)}`,
    `受理单位：${township}社会救助一窗受理窗口`,
    `申请事项：${programmeNames}`,
    '',
  ];
  if (missing.length) {
    lines.push('您的申请已受理。经审查，尚缺以下材料，请一次性补齐：');
    missing.forEach((d, i) => lines.push(`${i + 1}. ${d.name}${d.commitmentAllowed ? '（可签署告知承诺书代替）' : ''}`));
  } else {
    lines.push('您的申请已受理，所需材料齐全，无需补充。');
  }
  if (committed.length) {
    lines.push('', '以下材料已由申请人签署告知承诺书代替，承诺不实的将依法承担相应责任：');
    committed.forEach((d, i) => lines.push(`${i + 1}. ${d.name}`));
  }
  lines.push('', '本告知书一次性告知本次申请所缺全部材料，不再要求补充本告知书以外的材料。', '', `${township}社会救助一窗受理窗口`, chineseDate(n.acceptedOn));
  return lines.join('\n');
}
