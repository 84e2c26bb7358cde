import { Counter, Gauge, Registry } from 'prom-client';
import { registerEventHubGauges, type EventHubStatus } from './eventhub-status.js';
import { registerSourceStatusGauges, type SourceStatus } from './source-status.js';

const COMPONENT_LABELS = ['component_kind', 'component_id', 'component_type'] as const;
type ComponentLabels = (typeof COMPONENT_LABELS)[number];

/**
 * The connector's metrics, in a registry of its own (no global state, one per pipeline, so tests
 * and a future /metrics endpoint see exactly this run). Names follow Vector's component
 * conventions; docs/components.md says which component increments which.
 */
export class Metrics {
  readonly registry = new Registry();

  /** Sources: raw records read. Sinks: documents pulled from their buffer (redeliveries included). */
  readonly received = this.componentCounter('defender_siem_component_received_total', 'Records read by a source, or documents taken from its buffer by a sink');

  /** Sources: documents committed to the buffers. Sinks: documents the destination accepted. */
  readonly sent = this.componentCounter('defender_siem_component_sent_documents_total', 'Documents a source committed to the buffers, or a sink delivered');

  readonly errors = new Counter({
    name: 'defender_siem_component_errors_total',
    help: 'Errors by component and type (each failed attempt counts once)',
    labelNames: [...COMPONENT_LABELS, 'error_type'] as const,
    registers: [this.registry],
  });

  readonly deadLettered = this.componentCounter('defender_siem_component_dead_lettered_documents_total', 'Documents a sink rejected permanently, moved to the dead_letter table');

  readonly normalized = new Counter({
    name: 'defender_siem_normalized_documents_total',
    help: 'Documents produced by normalization, by stream and outcome (ok or pipeline_error)',
    labelNames: ['stream', 'outcome'] as const,
    registers: [this.registry],
  });

  private bufferDepths: () => ReadonlyArray<{ sink: string; documents: number; bytes: number }> = () => [];

  readonly bufferDocuments = this.bufferGauge('defender_siem_buffer_documents', 'Documents waiting in a sink buffer (in flight included)', 'documents');

  readonly bufferBytes = this.bufferGauge('defender_siem_buffer_bytes', 'Bytes of documents waiting in a sink buffer', 'bytes');

  private componentCounter(name: string, help: string): Counter<ComponentLabels> {
    return new Counter({ name, help, labelNames: COMPONENT_LABELS, registers: [this.registry] });
  }

  /** Read from the buffer each time metrics are collected, so never stale. */
  private bufferGauge(name: string, help: string, field: 'documents' | 'bytes'): Gauge<'component_id'> {
    const gauge: Gauge<'component_id'> = new Gauge({
      name,
      help,
      labelNames: ['component_id'] as const,
      registers: [this.registry],
      collect: () => {
        for (const depth of this.bufferDepths()) gauge.set({ component_id: depth.sink }, depth[field]);
      },
    });
    return gauge;
  }

  /** Status of every polling source, by source name (filled as sources are built). */
  readonly sourceStatuses = new Map<string, SourceStatus>();

  /** Partition status of every eventhub source, by source name (filled as sources are built). */
  readonly eventHubStatuses = new Map<string, EventHubStatus>();

  constructor() {
    registerSourceStatusGauges(this.registry, () => this.sourceStatuses.values());
    registerEventHubGauges(this.registry, () => this.eventHubStatuses.values());
  }

  observeBuffers(depths: () => ReadonlyArray<{ sink: string; documents: number; bytes: number }>): void {
    this.bufferDepths = depths;
  }
}

export interface ComponentRef {
  readonly kind: 'source' | 'sink';
  readonly id: string;
  readonly type: string;
}

export function componentLabels(component: ComponentRef): Record<ComponentLabels, string> {
  return { component_kind: component.kind, component_id: component.id, component_type: component.type };
}

/** The sum of a metric's values, optionally only those whose labels match `where`. */
export async function total(metric: Counter | Gauge, where: Record<string, string> = {}): Promise<number> {
  const { values } = await metric.get();
  return values
    .filter((value) => Object.entries(where).every(([label, expected]) => value.labels[label] === expected))
    .reduce((sum, value) => sum + value.value, 0);
}
