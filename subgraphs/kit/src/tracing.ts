import { SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import type { DataSource } from 'typeorm';

/**
 * The subgraphs' part of tracing: spans for SQL statements. The rest (startTracing, the SERVER span middleware, the
 * operation span and request log plugins) is shared with the gateway and lives in @aidgraph/common; re-exported here
 * for the kit's modules.
 */
export * from '@aidgraph/common/tracing';

const INSTRUMENTED = Symbol('aidgraph.traced');

/**
 * Trace the SQL statements of a TypeORM data source: each statement run while a span is active (a request's) gets a
 * CLIENT span child of it, named `<KIND> <table>` (`SELECT person`), with `db.system.name`, `db.operation.name`,
 * `db.collection.name` and, on PostgreSQL, `db.namespace` (the schema). The statement's text and its parameters are
 * never recorded. Statements outside a request (migrations, seeding) make no span. Wraps the driver's query runners
 * (both databases), once per data source.
 */
export function traceStatements(db: DataSource, tracer: Tracer): void {
  const driver = db.driver as unknown as { createQueryRunner(mode?: string): unknown; [INSTRUMENTED]?: boolean };
  if (driver[INSTRUMENTED]) return;
  driver[INSTRUMENTED] = true;
  const postgres = db.options.type === 'postgres';
  const base: Attributes = { 'db.system.name': postgres ? 'postgresql' : 'sqlite' };
  const schema = (db.options as { schema?: string }).schema;
  if (postgres && schema) base['db.namespace'] = schema;
  const create = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode?: string) => wrapRunner(create(mode) as QueryRunnerLike, tracer, base);
}

type QueryRunnerLike = { query(...args: unknown[]): Promise<unknown>; [INSTRUMENTED]?: boolean };

function wrapRunner(runner: QueryRunnerLike, tracer: Tracer, base: Attributes): QueryRunnerLike {
  if (runner[INSTRUMENTED]) return runner;
  runner[INSTRUMENTED] = true;
  const query = runner.query;
  runner.query = function traced(this: unknown, ...args: unknown[]) {
    if (!trace.getActiveSpan()) return query.apply(this, args);
    const { kind, table } = statementSummary(String(args[0] ?? ''));
    const span: Span = tracer.startSpan(table ? `${kind} ${table}` : kind, {
      kind: SpanKind.CLIENT,
      attributes: { ...base, 'db.operation.name': kind, ...(table ? { 'db.collection.name': table } : {}) },
    });
    return query.apply(this, args).then(
      (result) => {
        span.end();
        return result;
      },
      (e: unknown) => {
        const err = e as { driverError?: { code?: unknown }; code?: unknown; name?: string };
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttribute('error.type', String(err?.driverError?.code ?? err?.code ?? err?.name ?? 'Error'));
        span.end();
        throw e;
      },
    );
  };
  return runner;
}

/**
 * A statement's kind (its first keyword, upper-cased: SELECT, INSERT, UPDATE, DELETE, WITH, BEGIN, ...) and the table it
 * names first (after FROM, INTO or UPDATE; a schema prefix dropped), both only when they are plain identifiers: nothing
 * else of the statement's text is used.
 */
export function statementSummary(sql: string): { kind: string; table?: string } {
  // comments before it dropped, string literals emptied: only keywords and identifiers are looked at
  const text = sql.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '').replace(/'(?:[^']|'')*'/g, "''");
  const kind = /^[A-Za-z]+/.exec(text)?.[0]?.toUpperCase() ?? 'SQL';
  const ident = '(?:"[A-Za-z_][A-Za-z0-9_]{0,62}"|`[A-Za-z_][A-Za-z0-9_]{0,62}`|[A-Za-z_][A-Za-z0-9_]{0,62})';
  const m = new RegExp(`\\b(?:FROM|INTO|UPDATE)\\s+(${ident}(?:\\s*\\.\\s*${ident})?)`, 'i').exec(text);
  if (!m) return { kind };
  const parts = m[1].split('.').map((p) => p.trim().replace(/^["`]|["`]$/g, ''));
  const table = parts[parts.length - 1];
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(table) && !/^(SELECT|LATERAL)$/i.test(table) ? { kind, table } : { kind };
}
