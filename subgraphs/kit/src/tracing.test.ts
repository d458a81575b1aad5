import { baseConfigSchema, loadConfig, ConfigError } from './config';
import { currentTraceId, operationSpanName, otlpTracesUrl, statementSummary, tracingEnabled } from './tracing';

describe('tracing configuration', () => {
  const base = { PORT: '0', DATABASE_URL: 'sqlite::memory:' };

  it('is off by default, on with TRACING=on or an OTLP endpoint, and TRACING=off wins over an endpoint', () => {
    expect(tracingEnabled(loadConfig(baseConfigSchema, base))).toBe(false);
    expect(tracingEnabled(loadConfig(baseConfigSchema, { ...base, TRACING: 'on' }))).toBe(true);
    expect(tracingEnabled(loadConfig(baseConfigSchema, { ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }))).toBe(true);
    expect(tracingEnabled(loadConfig(baseConfigSchema, { ...base, TRACING: 'off', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }))).toBe(false);
  });

  it('refuses a TRACING other than on/off, an endpoint that is not a URL and a sampler ratio outside 0-1, naming each', () => {
    let issues: string[] = [];
    try {
      loadConfig(baseConfigSchema, { ...base, TRACING: 'yes', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector', OTEL_TRACES_SAMPLER_ARG: '2', OTEL_TRACES_SAMPLER: 'sometimes' });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      issues = (e as ConfigError).issues;
    }
    expect(issues.map((i) => i.split(':')[0]).sort()).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG', 'TRACING']);
  });

  it('sends spans to the traces endpoint, else the base endpoint + /v1/traces, else the OTLP default', () => {
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://a:4318/custom', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:4318' })).toBe('http://a:4318/custom');
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:4318/' })).toBe('http://b:4318/v1/traces');
    expect(otlpTracesUrl({})).toBe('http://localhost:4318/v1/traces');
  });
});

describe('statementSummary', () => {
  it('names a statement by its kind and first table only', () => {
    expect(statementSummary('SELECT "p"."id" AS "p_id" FROM "person" "p" WHERE "p"."id" IN ($1, $2)')).toEqual({ kind: 'SELECT', table: 'person' });
    expect(statementSummary('INSERT INTO "education"."education_aid"("id") VALUES (?)')).toEqual({ kind: 'INSERT', table: 'education_aid' });
    expect(statementSummary('  update enrolment SET status = $1')).toEqual({ kind: 'UPDATE', table: 'enrolment' });
    expect(statementSummary('DELETE FROM `idempotency_key` WHERE expires < ?')).toEqual({ kind: 'DELETE', table: 'idempotency_key' });
    expect(statementSummary('/* a comment */ BEGIN')).toEqual({ kind: 'BEGIN' });
    expect(statementSummary("SELECT pg_advisory_xact_lock(hashtext('x'))")).toEqual({ kind: 'SELECT' });
  });

  it('never takes a literal or a parameter for a table', () => {
    expect(statementSummary("SELECT 'FROM 王芳' AS x")).toEqual({ kind: 'SELECT' });
    expect(statementSummary("SELECT 'it''s FROM wang_fang' AS x")).toEqual({ kind: 'SELECT' });
    expect(statementSummary('SELECT * FROM (SELECT 1) t')).toEqual({ kind: 'SELECT' });
    expect(statementSummary('SELECT * FROM $1')).toEqual({ kind: 'SELECT' });
  });
});

describe('span names and trace ids', () => {
  it('names an operation span <type> <name>, or the type alone', () => {
    expect(operationSpanName('query', 'PersonAcrossDepartments')).toBe('query PersonAcrossDepartments');
    expect(operationSpanName('mutation', undefined)).toBe('mutation');
    expect(operationSpanName(undefined, 'X')).toBe('GraphQL Operation');
  });

  it('reads the trace id of a W3C traceparent when no span is active, and refuses malformed or all-zero ones', () => {
    expect(currentTraceId('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(currentTraceId('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(currentTraceId('not a traceparent')).toBeUndefined();
    expect(currentTraceId(undefined)).toBeUndefined();
  });
});
