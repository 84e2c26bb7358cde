import type { Clock } from '../../core/clock.js';
import { DETECTIONS } from '../generate/catalog/alerts.js';
import { buildAlert } from '../generate/graph/alert.js';
import { chooseSubject } from '../generate/graph/evidence.js';
import type { Rng } from '../generate/rng.js';
import { MINUTE_MS } from '../generate/time.js';
import { addAlert, commentOn, maxSeverity, reviseAlert, reviseIncident, type Stamp } from './mutations.js';
import { completeAlert } from './seed.js';
import type { TenantWorld, World } from './world.js';

type ChangeKind = 'incident-status' | 'incident-assign' | 'incident-classify' | 'alert-join' | 'alert-status' | 'comment';

const KINDS: readonly (readonly [ChangeKind, number])[] = [
  ['incident-status', 20],
  ['incident-assign', 10],
  ['incident-classify', 10],
  ['alert-join', 25],
  ['alert-status', 20],
  ['comment', 15],
];

interface Tick {
  readonly atMs: number;
  readonly kind: ChangeKind;
  /** Changes made at this one instant: more than one makes lastUpdateDateTime ties. */
  readonly size: number;
}

/**
 * The world's own activity after start: `count` changes at seeded instants spread over
 * `windowMs` of clock time, then nothing (quiescent). About one instant in five carries two
 * changes of the same kind, so records of one stream share a lastUpdateDateTime.
 */
export class ChangeSchedule {
  private readonly ticks: Tick[];
  private readonly stop = new AbortController();
  private finished = false;
  readonly done: Promise<void>;

  constructor(
    private readonly world: World,
    private readonly clock: Clock,
    private readonly rng: Rng,
    count: number,
    windowMs: number,
  ) {
    const startMs = clock.now();
    this.ticks = [];
    for (let left = count; left > 0; ) {
      const size = left >= 2 && rng.chance(0.2) ? 2 : 1;
      this.ticks.push({ atMs: startMs + Math.floor(rng.next() * windowMs), kind: rng.weighted(KINDS), size });
      left -= size;
    }
    this.ticks.sort((a, b) => a.atMs - b.atMs);
    this.done = this.run();
  }

  quiescent(): boolean {
    return this.finished;
  }

  close(): void {
    this.stop.abort();
  }

  private async run(): Promise<void> {
    for (const tick of this.ticks) {
      const wait = tick.atMs - this.clock.now();
      if (wait > 0 && !(await this.clock.sleep(wait, this.stop.signal))) return;
      if (this.stop.signal.aborted) return;
      const stamp = this.world.commit();
      for (let i = 0; i < tick.size; i++) {
        const tenant = this.rng.pick(this.world.tenants);
        applyChange(tenant, tick.kind, this.rng, stamp);
      }
    }
    this.finished = true;
  }
}

function applyChange(world: TenantWorld, kind: ChangeKind, rng: Rng, stamp: Stamp): void {
  const incidents = [...world.incidents.values()];
  if (incidents.length === 0) return;
  const incident = rng.pick(incidents);
  const doc = incident.current.doc;
  const analyst = analystOf(world);
  switch (kind) {
    case 'incident-status': {
      const status = doc.status === 'active' ? 'inProgress' : doc.status === 'inProgress' ? 'resolved' : 'active';
      const resolved = status === 'resolved';
      reviseIncident(world, incident.id, stamp, {
        status,
        assignedTo: doc.assignedTo ?? analyst,
        lastModifiedBy: analyst,
        classification: resolved ? 'truePositive' : doc.classification,
        determination: resolved ? 'malware' : doc.determination,
        resolvingComment: resolved ? 'Contained and remediated.' : doc.resolvingComment,
      });
      return;
    }
    case 'incident-assign':
      reviseIncident(world, incident.id, stamp, { assignedTo: rng.pick(world.tenant.users.filter((user) => !user.isService)).upn, lastModifiedBy: analyst });
      return;
    case 'incident-classify': {
      const [classification, determination] = rng.pick([['truePositive', 'multiStagedAttack'], ['falsePositive', 'notMalicious'], ['informationalExpectedActivity', 'securityTesting']] as const);
      reviseIncident(world, incident.id, stamp, { classification, determination, lastModifiedBy: analyst });
      return;
    }
    case 'alert-join': {
      const createdMs = Date.parse(stamp.time) - rng.int(1, 10) * MINUTE_MS;
      const built = buildAlert(
        { detection: rng.pick(DETECTIONS), subject: chooseSubject(world.tenant, rng), incidentId: incident.id, createdMs, outcome: { status: 'new', classification: null, determination: null, assignedTo: null } },
        rng,
      );
      const alert = completeAlert({ ...built, lastUpdateDateTime: stamp.time });
      addAlert(world, alert, stamp);
      reviseIncident(world, incident.id, stamp, { severity: maxSeverity(doc.severity, alert.severity), lastModifiedBy: 'Automation' }, [...incident.current.alertIds, String(alert.id)]);
      return;
    }
    case 'alert-status': {
      const open = incident.current.alertIds.map((id) => world.alerts.get(id)!).filter((alert) => alert.current.status !== 'resolved');
      if (open.length === 0) return applyChange(world, 'comment', rng, stamp);
      const alert = rng.pick(open);
      const resolved = alert.current.status === 'inProgress';
      reviseAlert(world, alert.id, stamp, resolved
        ? { status: 'resolved', classification: 'truePositive', determination: 'malware', resolvedDateTime: stamp.time, assignedTo: alert.current.assignedTo ?? analyst }
        : { status: 'inProgress', assignedTo: analyst });
      return;
    }
    case 'comment': {
      const text = rng.pick(['Escalated to tier 2.', 'User contacted, waiting for reply.', 'Device isolated.', 'No further activity seen.']);
      if (rng.chance(0.5) || incident.current.alertIds.length === 0) {
        reviseIncident(world, incident.id, stamp, { comments: commentOn(doc, text, analyst, stamp), lastModifiedBy: analyst });
      } else {
        const alertId = rng.pick(incident.current.alertIds);
        const alert = world.alerts.get(alertId)!;
        reviseAlert(world, alertId, stamp, { comments: commentOn(alert.current, text, analyst, stamp) });
      }
      return;
    }
  }
}

function analystOf(world: TenantWorld): string {
  const users = world.tenant.users;
  return (users.find((user) => user.jobTitle === 'Security Analyst') ?? users.find((user) => user.isAdmin) ?? users[0]!).upn;
}
