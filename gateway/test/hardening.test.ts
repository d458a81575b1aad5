import http from 'node:http';
import { ConfigError, createLogger, verifyGatewayRequest, GATEWAY_SIGNATURE_HEADER } from '@aidgraph/subgraph-kit';
import { createTestKeys } from '@aidgraph/subgraph-kit/testing';
import { loadGatewayConfig } from '../src/config';
import { createGatewayServer } from '../src/server';
import { startTestGateway, type TestGateway } from './support/test-gateway';

const KEY = 'test-gateway-signing-key-0123456789abcdef';

describe('the gateway signs every subgraph request', () => {
  it('over the exact body it sends, the subgraph name, the request id and the token', async () => {
    const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const fake = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { person: null } }));
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(fake.address() as { port: number }).port}/graphql`;
    const gw = await startTestGateway({ SUBGRAPH_CIVIL_AFFAIRS_URL: url });
    try {
      const r = await gw.post(JSON.stringify({ query: 'query Look($id: ID!) { person(id: $id) { id } }', variables: { id: 'p-1' } }));
      expect(r.body).toEqual({ data: { person: null } });
      expect(seen).toHaveLength(1);
      const { headers, body } = seen[0];
      expect(JSON.parse(body).variables).toEqual({ id: 'p-1' });
      const input = { subgraph: 'civil-affairs', requestId: String(headers['x-request-id']), authorization: String(headers.authorization), body };
      expect(verifyGatewayRequest(KEY, headers[GATEWAY_SIGNATURE_HEADER], input)).toBe('ok');
      expect(verifyGatewayRequest(KEY, headers[GATEWAY_SIGNATURE_HEADER], { ...input, subgraph: 'medical' })).toBe('BAD_SIGNATURE');
      expect(verifyGatewayRequest(KEY, headers[GATEWAY_SIGNATURE_HEADER], { ...input, body: body.replace('p-1', 'p-2') })).toBe('BAD_SIGNATURE');
      // a signature header the caller sends is not passed on
      seen.length = 0;
      await gw.post(JSON.stringify({ query: '{ person(id: "x") { id } }' }), { [GATEWAY_SIGNATURE_HEADER]: 'v1;t=1;sig=' + '0'.repeat(64) });
      expect(verifyGatewayRequest(KEY, seen[0].headers[GATEWAY_SIGNATURE_HEADER], { ...input, requestId: String(seen[0].headers['x-request-id']), body: seen[0].body })).toBe('ok');
    } finally {
      await gw.close();
      await new Promise<void>((r) => fake.close(() => r()));
    }
  });
});

describe('cost and metrics at the gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ METRICS_TOKEN: 'metrics-token-0123456789' });
  });
  afterAll(() => gw?.close());

  it('refuses twelve aliased pages whose size is only in the variable default (QUERY_TOO_COSTLY, 400)', async () => {
    const fields = '{ totalCount edges { node { id name household { id members { id name } } } } }';
    const query = `query($n: Int = 500) { ${Array.from({ length: 12 }, (_, i) => `a${i}: people(first: $n) ${fields}`).join(' ')} }`;
    const r = await gw.post(JSON.stringify({ query }));
    expect([r.status, r.body.errors[0].extensions.code]).toEqual([400, 'QUERY_TOO_COSTLY']);
    expect(r.body.errors[0].extensions.cost).toBeGreaterThan(25000);
    // the same with a small value sent passes the limit (the subgraph is down here: SUBGRAPH_UNAVAILABLE)
    const small = await gw.post(JSON.stringify({ query, variables: { n: 5 } }));
    expect(small.body.errors[0].extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
  });

  it('serves /metrics only on its own listener, with the token', async () => {
    expect((await fetch(`${gw.base}/metrics`)).status).toBe(404);
    const metrics = `http://127.0.0.1:${gw.server.metricsPort()}/metrics`;
    expect((await fetch(metrics)).status).toBe(401);
    expect((await fetch(metrics, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const ok = await fetch(metrics, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('aidgraph_gateway_request_seconds');
    expect((await fetch(`${gw.base}/health`)).status).toBe(200);
    expect((await fetch(`${gw.base}/ready`)).status).toBe(200);
  });
});

describe('production configuration of the gateway', () => {
  it('needs GATEWAY_SIGNING_KEY, and METRICS_TOKEN when metrics listen beyond loopback', async () => {
    const keys = await createTestKeys();
    const base = { AIDGRAPH_MODE: 'production', JWKS_FILE: keys.jwksFile, LOG_LEVEL: 'silent' };
    const issuesOf = async (env: Record<string, string>) => {
      try {
        await createGatewayServer(loadGatewayConfig({ ...base, ...env }), createLogger('gateway', 'silent'));
      } catch (e) {
        if (e instanceof ConfigError) return e.issues.map((i) => i.split(':')[0]).sort();
        throw e;
      }
      return [];
    };
    expect(await issuesOf({ METRICS_HOST: '0.0.0.0' })).toEqual(['GATEWAY_SIGNING_KEY', 'METRICS_TOKEN']);
    expect(await issuesOf({ METRICS_HOST: '127.0.0.1' })).toEqual(['GATEWAY_SIGNING_KEY']);
    expect(() => loadGatewayConfig({ GATEWAY_SIGNING_KEY: 'short' })).toThrow(ConfigError);
  });
});
