import fs from 'node:fs';
import net from 'node:net';
import { createLogger, type Logger } from '@aidgraph/subgraph-kit';
import { createTestKeys, type TestKeys } from '@aidgraph/subgraph-kit/testing';
import { loadGatewayConfig, SUBGRAPHS_FILE, subgraphUrlVariable, type GatewayConfig } from '../../src/config';
import { createGatewayServer, type GatewayServer } from '../../src/server';

/**
 * A gateway built in-process for unit tests, on a free port, with a throw-away token key and the committed supergraph.
 * Its subgraphs point at a closed port unless `env` says otherwise, so every subgraph fetch fails as SUBGRAPH_UNAVAILABLE
 * (what the planner and the gateway's own checks do is what these tests look at).
 */
export interface TestGateway {
  url: string;
  base: string;
  keys: TestKeys;
  config: GatewayConfig;
  server: GatewayServer;
  token: string;
  /** POST a raw body to /graphql (as an auditor unless `headers` say otherwise); the parsed answer or the text */
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** A local port that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Start a test gateway; `log` receives its logs (silent unless given). */
export async function startTestGateway(env: Record<string, string> = {}, log?: Logger): Promise<TestGateway> {
  const keys = await createTestKeys();
  const down = `http://127.0.0.1:${await closedPort()}/graphql`;
  // every subgraph of schema/subgraphs.json, the one place that lists them
  const subgraphs = (JSON.parse(fs.readFileSync(SUBGRAPHS_FILE, 'utf8')).subgraphs as { name: string }[]).map((s) => s.name);
  const config = loadGatewayConfig({
    JWKS_FILE: keys.jwksFile,
    JWT_ISSUER: keys.issuer,
    JWT_AUDIENCE: keys.audience,
    GATEWAY_SIGNING_KEY: 'test-gateway-signing-key-0123456789abcdef',
    METRICS_PORT: '0',
    LOG_LEVEL: 'silent',
    SUBGRAPH_TIMEOUT_MS: '2000',
    ...Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s), down])),
    ...env,
  });
  const server = await createGatewayServer(config, log ?? createLogger('gateway', 'silent'));
  const port = await server.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const token = await keys.token({ role: 'auditor' });
  return {
    url: `${base}/graphql`,
    base,
    keys,
    config,
    server,
    token,
    async post(body, headers = {}) {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body,
      });
      const text = await res.text();
      let parsed: any;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed };
    },
    close: () => server.stop(),
  };
}
