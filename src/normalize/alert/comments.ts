import { appendUnique, defineOwn, isPlainObject, type JsonObject } from '../ecs/object.js';
import { keyword, own } from '../ecs/scalar.js';
import { vendorEvidence } from '../evidence/vendor.js';

/**
 * Alert comments as the alert fields.yml names them (`message`, `created_by_display_name`,
 * `created_datetime`), their authors added to related.user.
 */
export function alertComments(value: unknown, where: string, doc: JsonObject, errors: string[]): JsonObject[] {
  const comments: JsonObject[] = [];
  if (value === undefined || value === null) return comments;
  if (!Array.isArray(value)) {
    errors.push(`${where} is not a list of comments`);
    return comments;
  }
  value.forEach((comment, index) => {
    if (!isPlainObject(comment)) {
      errors.push(`${where}[${index}] is not an object`);
      return;
    }
    const vendor = vendorEvidence(comment, `${where}[${index}]`, errors);
    if (vendor.comment !== undefined) {
      defineOwn(vendor, 'message', vendor.comment);
      delete vendor.comment;
    }
    comments.push(vendor);
  });
  addCommentAuthors(value, doc);
  return comments;
}

/**
 * Comment authors → related.user. Graph's metadata names the author `createdByDisplayName`; its
 * documentation examples (and Elastic's incident fixtures) use `createdBy`: both are read.
 */
export function addCommentAuthors(comments: unknown, doc: JsonObject): void {
  if (!Array.isArray(comments)) return;
  for (const comment of comments) {
    appendUnique(doc, 'related.user', keyword(own(comment, 'createdBy')), keyword(own(comment, 'createdByDisplayName')));
  }
}
