#!/usr/bin/env node
// Kubernetes manifests for the whole system, generated from the one list of subgraphs (schema/subgraphs.json):
//   node deploy/manifests.js --write        writes deploy/k8s/aidgraph.yaml (committed; the test fails when it is stale)
//   node deploy/manifests.js --supergraph   prints the ConfigMap holding schema/supergraph.graphql (kubectl apply -f -)
// Per subgraph: a Deployment, a Service and a PodDisruptionBudget, reading its own database secret
// (`<name>-database`, key `url`); the gateway: a Deployment with several replicas, a Service, a PodDisruptionBudget and
// the supergraph from a ConfigMap. Every pod runs as the image's non-root user with a read-only root file system, is
// ready on /ready and alive on /health, and states its resource requests. Secrets are referenced, never generated:
// the README's "Deployment" section lists the ones to create.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, 'k8s', 'aidgraph.yaml');
const NAMESPACE = 'aidgraph';
/** The image each Deployment runs: one image per service, built by deploy/Dockerfile with WORKSPACE=<dir>. */
const IMAGE = (service) => `registry.jiaozhou.gov.cn/aidgraph/${service}:0.1.0`;
// the gateway scales by replicas (pods), one process each (GATEWAY_WORKERS unset: 1); on SIGTERM it answers /ready 503 and
// keeps accepting for shutdownDelayMs (while the Service's endpoints drop the pod), then lets requests in flight finish
// for up to shutdownGraceMs: both, with its 5 s backstop, within the pod's terminationGracePeriodSeconds (30)
const GATEWAY = { name: 'gateway', port: 4000, metricsPort: 9464, replicas: 3, minAvailable: 2, shutdownDelayMs: 5000, shutdownGraceMs: 15000, maxOldSpaceMb: 256 };
const SUBGRAPH_REPLICAS = 2;

/** The subgraphs of schema/subgraphs.json with the port of their default URL. */
function subgraphs() {
  return require('../schema/subgraph-list').listedSubgraphs(ROOT).map((s) => ({ ...s, port: Number(new URL(s.url).port) }));
}

const labels = (component) => ({ 'app.kubernetes.io/name': 'aidgraph', 'app.kubernetes.io/component': component, 'app.kubernetes.io/part-of': 'aidgraph' });
const selector = (component) => ({ 'app.kubernetes.io/name': 'aidgraph', 'app.kubernetes.io/component': component });
const envName = (name) => name.toUpperCase().replace(/-/g, '_');
const secretEnv = (name, secret, key) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
const serviceUrl = (s) => `http://${s.name}.${NAMESPACE}.svc.cluster.local:${s.port}/graphql`;

/** The container settings every AidGraph process shares: non-root, read-only root, probes, requests and limits. */
function container(name, port, env, extra = {}) {
  return {
    name,
    image: IMAGE(name),
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }, ...(extra.ports ?? [])],
    env: [{ name: 'PORT', value: String(port) }, { name: 'HOST', value: '0.0.0.0' }, ...env],
    envFrom: [{ configMapRef: { name: 'aidgraph-common' } }],
    readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
    startupProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 2, failureThreshold: 60 },
    resources: extra.resources ?? { requests: { cpu: '250m', memory: '384Mi' }, limits: { memory: '1Gi' } },
    securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(extra.volumeMounts ?? [])],
  };
}

function deployment(component, replicas, containerSpec, volumes = []) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: component, namespace: NAMESPACE, labels: labels(component) },
    spec: {
      replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector(component) },
      // a rolling update never drops below the desired replicas: the new pod is ready before an old one stops
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labels(component) },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: 30,
          containers: [containerSpec],
          volumes: [{ name: 'tmp', emptyDir: {} }, ...volumes],
        },
      },
    },
  };
}

function service(component, port, extraPorts = []) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: component, namespace: NAMESPACE, labels: labels(component) },
    spec: { type: 'ClusterIP', selector: selector(component), ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }, ...extraPorts] },
  };
}

function disruptionBudget(component, budget) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: component, namespace: NAMESPACE, labels: labels(component) },
    spec: { ...budget, selector: { matchLabels: selector(component) } },
  };
}

/**
 * The supervision subgraph's warning-rules engine (README "Supervision"): it reads the graph through the gateway's
 * Service with an auditor token of its own service account, which the identity provider's agent keeps fresh in the
 * secret `aidgraph-supervision-token` (key `token`; a mounted secret is updated in place, and the engine reads the file
 * at each run). The schedule is a CronJob (one run a night, whatever the replicas), not SUPERVISION_RULES_INTERVAL,
 * which would tick in every replica. Either way one batch runs at a time: every batch (the CronJob's, a replica's
 * mutation) takes the rules' lease in supervision's database; the CronJob's run finding another batch running skips
 * (`--skip-if-running`: exit 0, logged), and a pod deleted mid-run marks its runs INTERRUPTED and frees the lease on SIGTERM.
 */
const SUPERVISION = { name: 'supervision', schedule: '30 1 * * *', timeZone: 'Asia/Shanghai', tokenDir: '/var/run/secrets/aidgraph/supervision' };

function supervisionEngine() {
  return {
    env: [
      { name: 'SUPERVISION_GATEWAY_URL', value: `http://${GATEWAY.name}.${NAMESPACE}.svc.cluster.local:${GATEWAY.port}/graphql` },
      { name: 'SUPERVISION_TOKEN_FILE', value: `${SUPERVISION.tokenDir}/token` },
    ],
    volumeMounts: [{ name: 'supervision-token', mountPath: SUPERVISION.tokenDir, readOnly: true }],
    volumes: [{ name: 'supervision-token', secret: { secretName: 'aidgraph-supervision-token', defaultMode: 0o400 } }],
  };
}

/** 预警规则 Every warning rule once a night (01:30 China time), one run at a time: `node subgraphs/supervision/dist/cli.js --skip-if-running`. */
function supervisionRulesJob(s, env, engine) {
  const c = container(s.name, s.port, env, { volumeMounts: engine.volumeMounts });
  delete c.readinessProbe;
  delete c.livenessProbe;
  delete c.startupProbe;
  delete c.ports;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: `${s.name}-rules`, namespace: NAMESPACE, labels: labels(`${s.name}-rules`) },
    spec: {
      schedule: SUPERVISION.schedule,
      timeZone: SUPERVISION.timeZone,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 5,
      jobTemplate: {
        spec: {
          backoffLimit: 1,
          template: {
            metadata: { labels: labels(`${s.name}-rules`) },
            spec: {
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [{ ...c, name: `${s.name}-rules`, command: ['node', `/app/${s.dir}/dist/cli.js`, '--no-progress', '--skip-if-running'] }],
              volumes: [{ name: 'tmp', emptyDir: {} }, ...engine.volumes],
            },
          },
        },
      },
    },
  };
}

/** Every manifest of the system, in apply order (namespace, shared configuration, subgraphs, gateway). */
function manifests() {
  const all = subgraphs();
  const civilAffairs = all.find((s) => s.name === 'civil-affairs');
  const out = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE, labels: labels('namespace') } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'aidgraph-common', namespace: NAMESPACE, labels: labels('config') },
      data: {
        AIDGRAPH_MODE: 'production',
        LOG_LEVEL: 'info',
        APOLLO_TELEMETRY_DISABLED: '1',
        JWT_ISSUER: 'https://idp.jiaozhou.gov.cn',
        JWT_AUDIENCE: 'aidgraph',
        JWT_ALGORITHMS: 'ES256',
        JWKS_URL: 'https://idp.jiaozhou.gov.cn/.well-known/jwks.json',
        ...(civilAffairs ? { REGISTRY_URL: serviceUrl(civilAffairs) } : {}),
      },
    },
  ];
  for (const s of all) {
    const env = [
      secretEnv('DATABASE_URL', `${s.name}-database`, 'url'),
      secretEnv('GATEWAY_SIGNING_KEY', 'aidgraph-shared', 'gateway-signing-key'),
      secretEnv('AUDIT_CHAIN_KEY', 'aidgraph-shared', 'audit-chain-key'),
      secretEnv('STATISTICS_NOISE_KEY', 'aidgraph-shared', 'statistics-noise-key'),
      secretEnv('AUDIT_CHECKPOINT_REDIS_URL', 'aidgraph-shared', 'redis-url'),
    ];
    const engine = s.name === SUPERVISION.name ? supervisionEngine() : null;
    out.push(
      deployment(s.name, SUBGRAPH_REPLICAS, container(s.name, s.port, [...env, ...(engine?.env ?? [])], { volumeMounts: engine?.volumeMounts }), engine?.volumes),
      service(s.name, s.port),
      disruptionBudget(s.name, { maxUnavailable: 1 }),
    );
    if (engine) out.push(supervisionRulesJob(s, [...env, ...engine.env], engine));
  }
  out.push(
    deployment(
      GATEWAY.name,
      GATEWAY.replicas,
      container(
        GATEWAY.name,
        GATEWAY.port,
        [
          { name: 'SUPERGRAPH_FILE', value: '/etc/aidgraph/supergraph/supergraph.graphql' },
          // V8 gives heap pages back sooner under a cap: RSS at rest 169 MiB instead of 193, +35 MiB after 20,000 distinct
          // query texts instead of +168 (gateway/bench/memory.js, README "Memory"); the heap in use stays under 100 MiB
          { name: 'NODE_OPTIONS', value: `--max-old-space-size=${GATEWAY.maxOldSpaceMb}` },
          { name: 'METRICS_PORT', value: String(GATEWAY.metricsPort) },
          { name: 'METRICS_HOST', value: '0.0.0.0' },
          { name: 'SHUTDOWN_DELAY_MS', value: String(GATEWAY.shutdownDelayMs) },
          { name: 'SHUTDOWN_GRACE_MS', value: String(GATEWAY.shutdownGraceMs) },
          secretEnv('METRICS_TOKEN', 'aidgraph-gateway', 'metrics-token'),
          secretEnv('GATEWAY_SIGNING_KEY', 'aidgraph-shared', 'gateway-signing-key'),
          // the replicas count rate limits together in Redis (a refused caller is refused by every replica)
          secretEnv('REDIS_URL', 'aidgraph-shared', 'redis-url'),
          ...all.map((s) => ({ name: `SUBGRAPH_${envName(s.name)}_URL`, value: serviceUrl(s) })),
        ],
        {
          ports: [{ name: 'metrics', containerPort: GATEWAY.metricsPort, protocol: 'TCP' }],
          resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '1536Mi' } },
          volumeMounts: [{ name: 'supergraph', mountPath: '/etc/aidgraph/supergraph', readOnly: true }],
        },
      ),
      [{ name: 'supergraph', configMap: { name: 'aidgraph-supergraph' } }],
    ),
    service(GATEWAY.name, GATEWAY.port, [{ name: 'metrics', port: GATEWAY.metricsPort, targetPort: 'metrics', protocol: 'TCP' }]),
    disruptionBudget(GATEWAY.name, { minAvailable: GATEWAY.minAvailable }),
  );
  return out;
}

/** The ConfigMap holding the committed supergraph, mounted by the gateway at /etc/aidgraph/supergraph. */
function supergraphConfigMap() {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'aidgraph-supergraph', namespace: NAMESPACE, labels: labels('supergraph') },
    data: { 'supergraph.graphql': fs.readFileSync(path.join(ROOT, 'schema/supergraph.graphql'), 'utf8') },
  };
}

/** Objects as one multi-document YAML text. */
function toYaml(objects, header = '') {
  return header + objects.map((o) => YAML.stringify(o, { lineWidth: 0 })).join('---\n');
}

const HEADER = '# Generated by `npm run manifests -w @aidgraph/deploy` from schema/subgraphs.json: do not edit by hand.\n# The supergraph ConfigMap: `node deploy/manifests.js --supergraph | kubectl apply -f -`.\n';

module.exports = { manifests, supergraphConfigMap, toYaml, HEADER, OUT };

if (require.main === module) {
  const { Command } = require('commander');
  const program = new Command()
    .name('manifests')
    .description('Kubernetes manifests of AidGraph, generated from schema/subgraphs.json (printed unless --write).')
    .option('--write', `write them to ${path.relative(ROOT, OUT)}`)
    .option('--supergraph', 'print the ConfigMap holding schema/supergraph.graphql instead')
    .parse();
  const opts = program.opts();
  // a reader that stops early (`| head`) is not an error
  process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));
  if (opts.supergraph) process.stdout.write(toYaml([supergraphConfigMap()]));
  else if (opts.write) {
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, toYaml(manifests(), HEADER));
    console.log(`wrote ${path.relative(ROOT, OUT)}`);
  } else process.stdout.write(toYaml(manifests(), HEADER));
}
