import { DETECTIONS, type Detection } from '../catalog/alerts.js';
import type { Rng } from '../rng.js';
import type { Tenant } from '../tenant.js';
import { MINUTE_MS, msTime } from '../time.js';
import { buildEvidence, type AlertSubject } from './evidence.js';

/** A Graph security alert (alerts_v2), with the property names and shapes of §2.7. */
export type GraphAlert = Record<string, unknown>;

const PORTAL = 'https://security.microsoft.com';

export interface AlertPlan {
  readonly detection: Detection;
  readonly subject: AlertSubject;
  readonly incidentId: string;
  /** When Defender created the alert (epoch ms). */
  readonly createdMs: number;
  /** Incident-level outcome shared by its alerts. */
  readonly outcome: Outcome;
}

export interface Outcome {
  readonly status: 'new' | 'inProgress' | 'resolved';
  readonly classification: string | null;
  readonly determination: string | null;
  readonly assignedTo: string | null;
}

/** A lifecycle state: most alerts are new or being worked on; resolved ones carry a verdict. */
export function chooseOutcome(tenant: Tenant, rng: Rng, detection: Detection): Outcome {
  const status = rng.weighted<Outcome['status']>([['new', 45], ['inProgress', 25], ['resolved', 30]]);
  const analyst = tenant.users.find((user) => user.jobTitle === 'Security Analyst') ?? tenant.users.find((user) => user.isAdmin);
  if (status !== 'resolved') return { status, classification: null, determination: null, assignedTo: status === 'inProgress' ? (analyst?.upn ?? null) : null };
  const verdict = rng.weighted<readonly [string, string]>([
    [['truePositive', detection.determination], 60],
    [['informationalExpectedActivity', 'securityTesting'], 20],
    [['falsePositive', 'notMalicious'], 20],
  ]);
  return { status, classification: verdict[0], determination: verdict[1], assignedTo: analyst?.upn ?? null };
}

export function pickDetection(rng: Rng): Detection {
  return rng.pick(DETECTIONS);
}

export function buildAlert(plan: AlertPlan, rng: Rng): GraphAlert {
  const { detection, subject, createdMs, outcome, incidentId } = plan;
  const tenantId = subject.tenant.id;
  const id = detection.product.idPrefix === 'da' ? `da${rng.digits(18)}_${rng.int(-2_000_000_000, 2_000_000_000)}` : `${detection.product.idPrefix}${rng.guid()}`;
  const firstActivityMs = createdMs - rng.int(2, 40) * MINUTE_MS;
  const lastActivityMs = createdMs - rng.int(0, 2) * MINUTE_MS;
  const lastUpdateMs = createdMs + rng.int(1, 180) * MINUTE_MS;
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    providerAlertId: id.replace(/^(da|fa|aa|ca)/, ''),
    incidentId,
    status: outcome.status,
    severity: detection.severity,
    classification: outcome.classification,
    determination: outcome.determination,
    serviceSource: detection.product.serviceSource,
    detectionSource: detection.detectionSource,
    productName: detection.product.productName,
    detectorId: rng.fork(`detector:${detection.title}`).guid(),
    tenantId,
    title: detection.title,
    description: detection.description,
    recommendedActions: detection.recommendedActions,
    category: detection.category,
    assignedTo: outcome.assignedTo,
    alertWebUrl: `${PORTAL}/alerts/${id}?tid=${tenantId}`,
    incidentWebUrl: `${PORTAL}/incidents/${incidentId}?tid=${tenantId}`,
    actorDisplayName: null,
    threatDisplayName: detection.threatFamilyName,
    threatFamilyName: detection.threatFamilyName,
    mitreTechniques: detection.techniques.map(([, technique]) => technique),
    createdDateTime: msTime(createdMs, rng),
    lastUpdateDateTime: msTime(lastUpdateMs, rng),
    resolvedDateTime: outcome.status === 'resolved' ? msTime(lastUpdateMs, rng) : null,
    firstActivityDateTime: msTime(firstActivityMs, rng),
    lastActivityDateTime: msTime(lastActivityMs, rng),
    alertPolicyId: null,
    additionalData: null,
    systemTags: [],
    comments: outcome.status === 'resolved' ? [{ comment: `Closed as ${outcome.classification}.`, createdByDisplayName: outcome.assignedTo ?? 'Automation', createdDateTime: msTime(lastUpdateMs, rng) }] : [],
    evidence: detection.evidence.map((kind) => buildEvidence(kind, subject, rng, createdMs)),
  };
}
