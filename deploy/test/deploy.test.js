// The container image recipe and the Kubernetes manifests: generated from the one list of subgraphs, valid against the
// Kubernetes API schemas (kubernetes-models), and configured so that every service starts in production mode.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { manifests, supergraphConfigMap, toYaml, HEADER, OUT } = require('../manifests');
const { baseConfigSchema } = require('@aidgraph/subgraph-kit');
const { loadGatewayConfig } = require('../../gateway/src/config');

const ROOT = path.resolve(__dirname, '../..');
const listed = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/subgraphs.json'), 'utf8')).subgraphs;
const all = manifests();
const find = (kind, name) => all.find((o) => o.kind === kind && o.metadata.name === name);

/** The kubernetes-models class of a manifest (`apps/v1` Deployment, `v1` Service, ...). */
function modelOf(o) {
  const Model = require(`kubernetes-models/${o.apiVersion}`)[o.kind];
  if (!Model) throw new Error(`no model for ${o.apiVersion} ${o.kind}`);
  return new Model(o);
}

/** A container's environment with every secret reference replaced by a 40-character stand-in. */
function envOf(container, configMap) {
  const env = { ...configMap.data };
  for (const e of container.env) env[e.name] = e.value ?? (e.valueFrom.secretKeyRef.key === 'url' ? 'postgres://aidgraph@db:5432/aidgraph?schema=x' : e.valueFrom.secretKeyRef.key === 'redis-url' ? 'redis://redis:6379/0' : 'x'.repeat(40));
  return env;
}

describe('Kubernetes manifests', () => {
  test('the committed deploy/k8s/aidgraph.yaml is what the generator makes from schema/subgraphs.json', () => {
    expect(fs.readFileSync(OUT, 'utf8')).toBe(toYaml(all, HEADER));
    // and it parses back to the same objects
    expect(YAML.parseAllDocuments(fs.readFileSync(OUT, 'utf8')).map((d) => d.toJS())).toEqual(all);
  });

  test('every manifest validates against the Kubernetes API schemas', () => {
    const objects = [...all, supergraphConfigMap()];
    for (const o of objects) expect(() => modelOf(o).validate()).not.toThrow();
    expect(objects.map((o) => o.kind).sort()).toEqual(
      expect.arrayContaining(['Namespace', 'ConfigMap', 'Deployment', 'Service', 'PodDisruptionBudget']),
    );
  });

  test('the validator does refuse a broken manifest (so the test above can fail)', () => {
    const broken = structuredClone(find('Deployment', 'gateway'));
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => modelOf(broken).validate()).toThrow(/containerPort must be integer/);
    const unnamed = structuredClone(find('Deployment', 'education'));
    delete unnamed.spec.template.spec.containers[0].name;
    expect(() => modelOf(unnamed).validate()).toThrow(/containers\/0 must have required property name/);
  });

  test('each subgraph of the list has its Deployment, Service, disruption budget and own database secret', () => {
    const secrets = new Set();
    for (const s of listed) {
      const port = Number(new URL(s.url).port);
      const d = find('Deployment', s.name);
      expect(d).toBeDefined();
      expect(find('Service', s.name).spec.ports[0].port).toBe(port);
      expect(find('PodDisruptionBudget', s.name).spec.maxUnavailable).toBe(1);
      const c = d.spec.template.spec.containers[0];
      expect(c.ports[0].containerPort).toBe(port);
      const db = c.env.find((e) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef;
      expect(db).toEqual({ name: `${s.name}-database`, key: 'url' });
      secrets.add(db.name);
    }
    expect(secrets.size).toBe(listed.length);
  });

  test('the gateway runs several replicas under a disruption budget, with the supergraph from a ConfigMap', () => {
    const d = find('Deployment', 'gateway');
    expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(find('PodDisruptionBudget', 'gateway').spec.minAvailable).toBeLessThan(d.spec.replicas);
    expect(d.spec.template.spec.volumes).toContainEqual({ name: 'supergraph', configMap: { name: 'aidgraph-supergraph' } });
    const c = d.spec.template.spec.containers[0];
    const env = envOf(c, find('ConfigMap', 'aidgraph-common'));
    expect(env.SUPERGRAPH_FILE).toBe(`${c.volumeMounts.find((m) => m.name === 'supergraph').mountPath}/supergraph.graphql`);
    expect(supergraphConfigMap().data['supergraph.graphql']).toBe(fs.readFileSync(path.join(ROOT, 'schema/supergraph.graphql'), 'utf8'));
    // the gateway's own configuration accepts it, and every subgraph of the list is reached through its Service
    const config = loadGatewayConfig(env);
    expect(config.AIDGRAPH_MODE).toBe('production');
    // a stopping pod drains (SHUTDOWN_DELAY_MS, then SHUTDOWN_GRACE_MS, then its 5 s backstop) before Kubernetes kills it
    expect(config.SHUTDOWN_DELAY_MS).toBeGreaterThan(0);
    expect(config.SHUTDOWN_DELAY_MS + config.SHUTDOWN_GRACE_MS + 5000).toBeLessThanOrEqual(d.spec.template.spec.terminationGracePeriodSeconds * 1000);
    expect(config.subgraphUrls).toEqual(Object.fromEntries(listed.map((s) => [s.name, `http://${s.name}.aidgraph.svc.cluster.local:${new URL(s.url).port}/graphql`])));
    // V8's old space is capped (README "Memory"), well inside the container's memory request, so the cap and not the
    // kubelet is what keeps the heap small
    const cap = Number(/--max-old-space-size=(\d+)/.exec(env.NODE_OPTIONS ?? '')?.[1]);
    expect(cap).toBeGreaterThanOrEqual(192);
    expect(cap * 2 ** 20).toBeLessThan(Number(c.resources.requests.memory.replace('Mi', '')) * 2 ** 20);
  });

  test("supervision's warning rules reach the gateway with a mounted token, and run nightly as one CronJob", () => {
    const d = find('Deployment', 'supervision');
    const job = find('CronJob', 'supervision-rules');
    for (const pod of [d.spec.template.spec, job.spec.jobTemplate.spec.template.spec]) {
      const c = pod.containers[0];
      const env = Object.fromEntries(c.env.filter((e) => e.value).map((e) => [e.name, e.value]));
      expect(env.SUPERVISION_GATEWAY_URL).toBe('http://gateway.aidgraph.svc.cluster.local:4000/graphql');
      const mount = c.volumeMounts.find((m) => m.name === 'supervision-token');
      expect(env.SUPERVISION_TOKEN_FILE).toBe(`${mount.mountPath}/token`);
      expect(pod.volumes).toContainEqual({ name: 'supervision-token', secret: { secretName: 'aidgraph-supervision-token', defaultMode: 0o400 } });
      expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true });
    }
    // one run a night, whatever the replicas (the subgraph's own schedule would tick in each); a batch already running
    // (the lease in supervision's database: a mutation's) makes the night's run skip, exit 0
    expect(job.spec).toMatchObject({ concurrencyPolicy: 'Forbid', timeZone: 'Asia/Shanghai' });
    expect(job.spec.jobTemplate.spec.template.spec.containers[0].command).toEqual(['node', '/app/subgraphs/supervision/dist/cli.js', '--no-progress', '--skip-if-running']);
    expect(d.spec.template.spec.containers[0].env.some((e) => e.name === 'SUPERVISION_RULES_INTERVAL')).toBe(false);
  });

  test('every pod is non-root, read-only, probed on /ready and /health, and states its resource requests', () => {
    for (const d of all.filter((o) => o.kind === 'Deployment')) {
      const pod = d.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(d.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
      for (const c of pod.containers) {
        expect([c.name, c.securityContext.runAsNonRoot, c.securityContext.readOnlyRootFilesystem, c.securityContext.allowPrivilegeEscalation]).toEqual([c.name, true, true, false]);
        expect(c.readinessProbe.httpGet.path).toBe('/ready');
        expect(c.livenessProbe.httpGet.path).toBe('/health');
        expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
        expect(c.image).toMatch(/:\d+\.\d+\.\d+$/);
      }
    }
  });

  test("every subgraph's environment satisfies the production configuration", () => {
    const common = find('ConfigMap', 'aidgraph-common');
    for (const s of listed) {
      const env = envOf(find('Deployment', s.name).spec.template.spec.containers[0], common);
      const parsed = baseConfigSchema.safeParse(env);
      expect([s.name, parsed.success ? 'ok' : parsed.error.issues.map((i) => i.path.join('.'))]).toEqual([s.name, 'ok']);
      // what production mode requires at start (subgraph-server.ts)
      for (const required of ['JWKS_URL', 'AUDIT_CHAIN_KEY', 'GATEWAY_SIGNING_KEY', 'STATISTICS_NOISE_KEY', 'DATABASE_URL']) expect([s.name, required, Boolean(env[required])]).toEqual([s.name, required, true]);
      expect(env.AIDGRAPH_MODE).toBe('production');
      expect(env.HOST).toBe('0.0.0.0');
      expect(env.SEED_DEMO).toBeUndefined();
    }
  });
});

describe('Dockerfile', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', 'Dockerfile'), 'utf8');
  // one instruction per entry: continuation lines joined
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages = [];
  for (const i of instructions) {
    if (/^FROM\s/i.test(i)) stages.push([i]);
    else if (stages.length) stages[stages.length - 1].push(i);
  }
  const finalStage = stages[stages.length - 1];
  const baseImage = /^ARG NODE_IMAGE=(\S+)/m.exec(text)[1];

  test('is multi-stage on a base image pinned to an exact version', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(baseImage).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+-slim(@sha256:[0-9a-f]{64})?$/);
    for (const s of stages) expect(s[0]).not.toMatch(/:latest\b/);
  });

  test('the final stage runs as a non-root user with a health check, and holds no dev dependencies, compiler or sources', () => {
    const user = finalStage.filter((i) => /^USER\s/i.test(i)).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(\s|:|$)/i);
    expect(finalStage.some((i) => /^HEALTHCHECK\s.*\/health/i.test(i))).toBe(true);
    expect(finalStage.filter((i) => /^RUN\s/i.test(i))).toEqual([]); // nothing installed in the final stage
    // what it copies comes from the stage that installed production dependencies only
    const copies = finalStage.filter((i) => /^COPY\s/i.test(i));
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) expect(c).toMatch(/--from=deps\b/);
    const deps = stages.find((s) => /\sAS\s+deps$/i.test(s[0]));
    expect(deps.some((i) => /npm ci\b.*--omit=dev/.test(i))).toBe(true);
    expect(deps.some((i) => /rm -rf .*\/src/.test(i))).toBe(true);
  });

  test('builds any one subgraph of the list or the gateway', () => {
    for (const dir of [...listed.map((s) => s.dir), 'gateway']) {
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));
      expect([dir, pkg.scripts.build, pkg.scripts.start]).toEqual([dir, 'tsc -p tsconfig.build.json', expect.stringMatching(/^node dist\/index\.js/)]);
    }
    const ignored = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8');
    for (const p of ['**/node_modules', '**/dist', 'data', '.dev', '.git', '**/.env']) expect(ignored.split('\n')).toContain(p);
  });
});
