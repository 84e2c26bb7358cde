import type { Stream } from '../../core/stream.js';

/** The stream a source's records belong to: the file source says so, the API sources imply it. */
export function sourceStream(source: { type: string; stream?: string }): Stream {
  switch (source.type) {
    case 'graph_incidents':
      return 'incident';
    case 'graph_alerts':
    case 'mde_alerts':
      return 'alert';
    case 'mde_vulnerabilities':
      return 'vulnerability';
    case 'storage_account':
    case 'eventhub':
      return 'event';
    default:
      return source.stream as Stream;
  }
}
