import { In, type EntityManager } from 'typeorm';
import { Decimal, chunks, fenToYuan, type Yuan } from '@aidgraph/subgraph-kit';
import { CharityDonation } from '../charity-donation/charity-donation.entity';
import { CharityDonationStatus } from '../charity-donation/charity-donation.enums';
import { CharityGrant } from '../charity-grant/charity-grant.entity';
import { CharityGrantStatus } from '../charity-grant/charity-grant.enums';

/**
 * A project's totals, summed from its records (never stored, so they cannot drift from them):
 * received = Σ donations RECEIVED, granted = Σ grants GRANTED, balance = received − granted.
 */
export interface ProjectTotals {
  projectId: string;
  received: Yuan;
  granted: Yuan;
  balance: Yuan;
  donationCount: number;
  grantCount: number;
}

/**
 * The totals of the given projects in key order: two SQL statements (SUM ... GROUP BY) per chunk of ids, whatever the
 * number of projects. Called by the per-request loader and, under the project's lock, by every write that checks the
 * balance (pass the transaction's manager).
 */
export async function projectTotals(manager: EntityManager, ids: readonly string[]): Promise<ProjectTotals[]> {
  const donated = new Map<string, { fen: string; n: number }>();
  const granted = new Map<string, { fen: string; n: number }>();
  for (const part of chunks(ids, 10000)) {
    const d: { projectId: string; fen: string | number | null; n: string | number }[] = await manager
      .getRepository(CharityDonation)
      .createQueryBuilder('d')
      .select('d.projectId', 'projectId')
      .addSelect('SUM(d.amount)', 'fen')
      .addSelect('COUNT(*)', 'n')
      .where({ projectId: In(part), status: CharityDonationStatus.RECEIVED })
      .groupBy('d.projectId')
      .getRawMany();
    for (const r of d) donated.set(String(r.projectId), { fen: String(r.fen ?? 0), n: Number(r.n) });
    const g: { projectId: string; fen: string | number | null; n: string | number }[] = await manager
      .getRepository(CharityGrant)
      .createQueryBuilder('g')
      .select('g.projectId', 'projectId')
      .addSelect('SUM(g.amount)', 'fen')
      .addSelect('COUNT(*)', 'n')
      .where({ projectId: In(part), status: CharityGrantStatus.GRANTED })
      .groupBy('g.projectId')
      .getRawMany();
    for (const r of g) granted.set(String(r.projectId), { fen: String(r.fen ?? 0), n: Number(r.n) });
  }
  return ids.map((id) => {
    const d = donated.get(String(id)) ?? { fen: '0', n: 0 };
    const g = granted.get(String(id)) ?? { fen: '0', n: 0 };
    const received = fenToYuan(d.fen);
    const grantedYuan = fenToYuan(g.fen);
    return {
      projectId: String(id),
      received,
      granted: grantedYuan,
      balance: new Decimal(received).minus(grantedYuan).toFixed(2),
      donationCount: d.n,
      grantCount: g.n,
    };
  });
}
