import { addDistinct } from '../ecs/collect.js';
import { appendUnique, isPlainObject, type JsonObject } from '../ecs/object.js';
import { keyword, keywordList, own } from '../ecs/scalar.js';

/**
 * What an alert adds to ECS in both streams: its product (event.provider) and its ATT&CK
 * classification (tactic from `category`, sub-techniques from `mitreTechniques`, group from
 * `threatFamilyName`). Scalars stay scalars unless an incident's alerts disagree.
 */
export function mapAlertThreat(alert: JsonObject, doc: JsonObject): void {
  addDistinct(doc, 'event.provider', keyword(own(alert, 'serviceSource')));
  addDistinct(doc, 'threat.group.name', keyword(own(alert, 'threatFamilyName')));
  appendUnique(doc, 'threat.tactic.name', keyword(own(alert, 'category')));
  const techniques = own(alert, 'mitreTechniques');
  if (!isPlainObject(techniques)) {
    appendUnique(doc, 'threat.technique.subtechnique.id', keywordList(techniques));
  }
}
