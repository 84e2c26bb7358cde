import { mayHoldEmpty } from './ecs/empty-watch.js';
import { appendUnique, removeEmpty, setPath, newObject, type JsonObject } from './ecs/object.js';
import type { NormalizeOptions } from './types.js';

const MAX_ERROR_MESSAGE_CHARS = 2000;

/**
 * The end of every Elastic m365_defender pipeline: drop empty values, keep `event.original` when
 * asked (and always on error), and turn any collected error into `event.kind: pipeline_error`
 * with the tag `preserve_original_event`, so the record stays visible and replayable.
 *
 * `watched`: every write into the document since startWatch() went through setPath()/setField()
 * or cleaned its value (ecs/empty-watch.ts), so the clean-up walk is needed only if the watch saw
 * an empty value.
 */
export function finishDocument(doc: JsonObject, original: string, errors: readonly string[], options: NormalizeOptions, watched = false): JsonObject {
  const failed = errors.length > 0;
  if (options.preserveOriginal || failed) setPath(doc, 'event.original', original);
  if (failed) {
    setPath(doc, 'event.kind', 'pipeline_error');
    setPath(doc, 'error.message', errors.length === 1 ? truncate(errors[0]!) : errors.map(truncate));
  }
  const cleaned = watched && !mayHoldEmpty() ? doc : ((removeEmpty(doc) as JsonObject | undefined) ?? newObject());
  if (options.preserveOriginal || failed) appendUnique(cleaned, 'tags', 'preserve_original_event');
  if (options.preserveDuplicateCustomFields) appendUnique(cleaned, 'tags', 'preserve_duplicate_custom_fields');
  return cleaned;
}

function truncate(message: string): string {
  return message.length > MAX_ERROR_MESSAGE_CHARS ? `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}…` : message;
}
