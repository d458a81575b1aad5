import { ConfigError } from '@aidgraph/subgraph-kit';
import { loadGatewayConfig, subgraphUrlVariable } from './config';

describe('the gateway configuration', () => {
  it('takes the subgraph URLs from schema/subgraphs.json, overridable one by one', () => {
    const c = loadGatewayConfig({ SUBGRAPH_EDUCATION_URL: 'http://10.0.0.5:9000/graphql' });
    expect(c.PORT).toBe(4000);
    expect(c.subgraphUrls['civil-affairs']).toBe('http://127.0.0.1:4001/graphql');
    expect(c.subgraphUrls.education).toBe('http://10.0.0.5:9000/graphql');
    expect(Object.keys(c.subgraphUrls).sort()).toEqual(['charity', 'civil-affairs', 'disability', 'education', 'housing', 'medical']);
    expect(subgraphUrlVariable('civil-affairs')).toBe('SUBGRAPH_CIVIL_AFFAIRS_URL');
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
});
