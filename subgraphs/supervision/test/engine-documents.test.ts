import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, print, Kind, type OperationDefinitionNode } from 'graphql';
import { DATES_PER_REQUEST, paidSinceQuery } from '../src/modules/rules/deceased-or-moved.rule';
import { RECIPIENTS_QUERY_WITHOUT_REVIEW_DATES } from '../src/modules/rules/above-standard-or-review-overdue.rule';
import { engineDocuments } from '../src/modules/rules/documents';
import { ENGINE_MANIFEST_FILE, runEngineManifestCommand } from '../src/trusted-documents';

/**
 * The rule engine's manifest of trusted documents (gateway/trusted-documents/supervision-rules.json): with
 * TRUSTED_DOCUMENTS=enforce the gateway runs only registered documents for the engine's role, so the committed manifest
 * must hold every document the engine can send, and nothing else (the end-to-end run in enforce mode is in
 * tests/e2e/supervision.test.ts).
 */
describe("the rule engine's trusted documents", () => {
  const committed = JSON.parse(fs.readFileSync(ENGINE_MANIFEST_FILE, 'utf8')) as Record<string, string>;
  const printed = (d: string) => print(parse(d, { noLocation: true }));
  const lines: string[] = [];
  const io = [(t: string) => void lines.push(t), (t: string) => void lines.push(t)] as const;
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-engine-td-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is committed as the rules send them: `npm run trusted-documents:engine -- --check` passes', async () => {
    expect(await runEngineManifestCommand(['--check'], ...io)).toBe(0);
  });

  it('holds every paidSince width from 1 to DATES_PER_REQUEST dates, the review-date fallback and each page query, each its sha256', () => {
    const texts = new Set(Object.values(committed));
    for (let n = 1; n <= DATES_PER_REQUEST; n++) expect(texts.has(printed(paidSinceQuery(n)))).toBe(true);
    expect(texts.has(printed(RECIPIENTS_QUERY_WITHOUT_REVIEW_DATES))).toBe(true);
    expect(Object.keys(committed)).toHaveLength(DATES_PER_REQUEST + 8);
    expect(new Set(engineDocuments().map(printed))).toEqual(texts);
    for (const [hash, text] of Object.entries(committed)) {
      expect(crypto.createHash('sha256').update(text).digest('hex')).toBe(hash);
      const ops = parse(text).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      expect(ops).toHaveLength(1);
      expect(ops[0].operation).toBe('query');
      expect(ops[0].name?.value).toMatch(/^Supervision[A-Z]/);
    }
  });

  it('--check fails on a stale or missing file and names the command; writing it makes it pass', async () => {
    const file = path.join(dir, 'supervision-rules.json');
    lines.length = 0;
    expect(await runEngineManifestCommand(['--check', '--out', file], ...io)).toBe(1);
    expect(lines.join('')).toContain('missing: run npm run trusted-documents:engine');
    const stale = { ...committed };
    delete stale[Object.keys(stale)[0]];
    fs.writeFileSync(file, JSON.stringify(stale, null, 2) + '\n');
    expect(await runEngineManifestCommand(['--check', '--out', file], ...io)).toBe(1);
    expect(await runEngineManifestCommand(['--out', file], ...io)).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(fs.readFileSync(ENGINE_MANIFEST_FILE, 'utf8'));
    expect(await runEngineManifestCommand(['--check', '--out', file], ...io)).toBe(0);
  });
});
