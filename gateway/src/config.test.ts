import fs from 'node:fs';
import { ConfigError } from '@aidgraph/common';
import { loadGatewayConfig, SUBGRAPHS_FILE, subgraphUrlVariable } from './config';

/** The subgraphs as schema/subgraphs.json lists them: the one place that holds the list. */
const listed: { name: string; url: string }[] = JSON.parse(fs.readFileSync(SUBGRAPHS_FILE, 'utf8')).subgraphs;

describe('the gateway configuration', () => {
  it('takes the subgraph URLs from schema/subgraphs.json, overridable one by one', () => {
    expect(listed.map((s) => s.name)).toContain('civil-affairs');
    const [one, ...others] = listed;
    const c = loadGatewayConfig({ [subgraphUrlVariable(one.name)]: 'http://10.0.0.5:9000/graphql' });
    expect(c.PORT).toBe(4000);
    expect(c.subgraphUrls).toEqual({ [one.name]: 'http://10.0.0.5:9000/graphql', ...Object.fromEntries(others.map((s) => [s.name, s.url])) });
    expect(subgraphUrlVariable('civil-affairs')).toBe('SUBGRAPH_CIVIL_AFFAIRS_URL');
    expect(subgraphUrlVariable('legal-aid')).toBe('SUBGRAPH_LEGAL_AID_URL');
  });

  it('lists every invalid variable at once, without echoing values', () => {
    let err: unknown;
    try {
      loadGatewayConfig({ PORT: 'eighty', AIDGRAPH_MODE: 'prod', SUBGRAPH_MEDICAL_URL: 'not a url', MAX_QUERY_DEPTH: '1' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const issues = (err as ConfigError).issues;
    expect(issues.map((i) => i.split(':')[0]).sort()).toEqual(['AIDGRAPH_MODE', 'MAX_QUERY_DEPTH', 'PORT', 'SUBGRAPH_MEDICAL_URL']);
    expect(issues.join(' ')).not.toContain('not a url');
  });

  it('reads the supergraph file again every SUPERGRAPH_POLL_MS (default 2 s; 0 turns watching off; at least 10 otherwise)', () => {
    expect(loadGatewayConfig({}).SUPERGRAPH_POLL_MS).toBe(2000);
    expect(loadGatewayConfig({ SUPERGRAPH_POLL_MS: '0' }).SUPERGRAPH_POLL_MS).toBe(0);
    expect(loadGatewayConfig({ SUPERGRAPH_POLL_MS: '500' }).SUPERGRAPH_POLL_MS).toBe(500);
    for (const bad of ['5', '-1', 'often', '1.5'])
      expect(() => loadGatewayConfig({ SUPERGRAPH_POLL_MS: bad })).toThrow(/SUPERGRAPH_POLL_MS/);
  });
});
