import crypto from 'node:crypto';
import { LegalServiceProviderKind as Kind } from '../legal-aid-case/legal-aid-case.enums';

/** One provider of the city's list: its stable code, name, kind and township. */
export interface ProviderListing {
  code: string;
  name: string;
  kind: Kind;
  townshipCode: string;
}

/**
 * 法律援助服务机构名录 The legal aid service providers of Jiaozhou that the justice bureau assigns cases to: its legal aid
 * centre, the law firms that take assigned cases and the towns' grassroots legal service offices. Reference data (the
 * names are demonstration names, not a real directory): the initial migration writes it, the bureau keeps it.
 */
export const JIAOZHOU_PROVIDERS: readonly ProviderListing[] = [
  { code: 'JZ-LAC', name: '胶州市法律援助中心', kind: Kind.LEGAL_AID_CENTRE, townshipCode: '370281001' },
  { code: 'JZ-LF-01', name: '山东胶澳律师事务所', kind: Kind.LAW_FIRM, townshipCode: '370281001' },
  { code: 'JZ-LF-02', name: '山东少海律师事务所', kind: Kind.LAW_FIRM, townshipCode: '370281002' },
  { code: 'JZ-LF-03', name: '山东三里河律师事务所', kind: Kind.LAW_FIRM, townshipCode: '370281004' },
  { code: 'JZ-LF-04', name: '山东云溪律师事务所', kind: Kind.LAW_FIRM, townshipCode: '370281002' },
  { code: 'JZ-LF-05', name: '山东艾山律师事务所', kind: Kind.LAW_FIRM, townshipCode: '370281006' },
  { code: 'JZ-LF-06', name: '山东板桥镇律师事务所', kind: Kind.LAW_FIRM, townshipCode: '370281400' },
  { code: 'JZ-GL-102', name: '李哥庄镇法律服务所', kind: Kind.GRASSROOTS_LEGAL_SERVICE, townshipCode: '370281102' },
  { code: 'JZ-GL-105', name: '铺集镇法律服务所', kind: Kind.GRASSROOTS_LEGAL_SERVICE, townshipCode: '370281105' },
  { code: 'JZ-GL-108', name: '里岔镇法律服务所', kind: Kind.GRASSROOTS_LEGAL_SERVICE, townshipCode: '370281108' },
  { code: 'JZ-GL-111', name: '洋河镇法律服务所', kind: Kind.GRASSROOTS_LEGAL_SERVICE, townshipCode: '370281111' },
  { code: 'JZ-GL-010', name: '胶莱街道法律服务所', kind: Kind.GRASSROOTS_LEGAL_SERVICE, townshipCode: '370281010' },
  { code: 'JZ-GL-009', name: '胶西街道法律服务所', kind: Kind.GRASSROOTS_LEGAL_SERVICE, townshipCode: '370281009' },
  { code: 'JZ-GL-008', name: '胶北街道法律服务所', kind: Kind.GRASSROOTS_LEGAL_SERVICE, townshipCode: '370281008' },
];

/** The stable id of a listed provider: a UUID derived from its code (the same in every database and every seed). */
export function providerIdOf(code: string): string {
  const h = crypto.createHash('sha256').update(`aidgraph:legal-aid:provider:${code}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The listed providers as table rows (id, code, name, kind, townshipCode, active). */
export function providerRows(): { id: string; code: string; name: string; kind: Kind; townshipCode: string; active: boolean }[] {
  return JIAOZHOU_PROVIDERS.map((p) => ({ id: providerIdOf(p.code), ...p, active: true }));
}
