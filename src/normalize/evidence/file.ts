import { appendUnique, isPlainObject, type JsonObject } from '../ecs/object.js';
import { keyword, long, own } from '../ecs/scalar.js';

const HASHES = ['sha1', 'sha256'] as const;

/** A file evidence's fileDetails → file.* and related.hash. */
export function mapFile(item: JsonObject, doc: JsonObject): void {
  const details = own(item, 'fileDetails');
  if (!isPlainObject(details)) return;
  appendHashes(details, doc, 'file.hash');
  appendUnique(doc, 'file.name', keyword(own(details, 'fileName')));
  // Elastic's current sample keeps the directory alone in file.path (not directory + name).
  appendUnique(doc, 'file.path', keyword(own(details, 'filePath')));
  appendUnique(doc, 'file.size', long(own(details, 'fileSize')));
}

/** The hashes of a Graph fileDetails object → `<prefix>.sha1/sha256`, and every one to related.hash. */
export function appendHashes(details: unknown, doc: JsonObject, prefix: string): void {
  for (const algorithm of HASHES) {
    const hash = keyword(own(details, algorithm));
    appendUnique(doc, `${prefix}.${algorithm}`, hash);
    appendUnique(doc, 'related.hash', hash);
  }
}
