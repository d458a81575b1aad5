import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing } from '../tracing';

export type { ReadableSpan };

/**
 * Tracing for tests: the process's tracer provider with an in-memory exporter (spans exported at once), started once
 * per test process; `spans()` is what was recorded since the last `reset()`. Servers built in the same process with
 * `TRACING=on` record into it.
 */
export function startTestTracing(): { exporter: InMemorySpanExporter; spans(): ReadableSpan[]; reset(): void } {
  exporter ??= new InMemorySpanExporter();
  startTracing({ serviceName: 'aidgraph-test', config: { TRACING: 'on' }, exporter });
  const e = exporter;
  return { exporter: e, spans: () => e.getFinishedSpans(), reset: () => e.reset() };
}

let exporter: InMemorySpanExporter | undefined;
