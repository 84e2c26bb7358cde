import { z } from 'zod';
import { checkStorageAccess, containerName, integer, section, storageAccess, type CommonTypes } from './primitives.js';

/**
 * Several instances sharing an Event Hub: the polling sources run on one of them at a time, the
 * holder of a blob lease. Absent: this instance always leads.
 */
export function leadershipSchema(types: CommonTypes) {
  return section({
    ...storageAccess(types),
    container: containerName.default('defender-siem-leadership'),
    blob: z.string().min(1).max(1024).default('leader.json'),
    // The service allows 15–60 s; the leader renews every third of it, a successor takes over
    // at most this long after the leader died.
    lease_duration_ms: integer(15_000, 60_000).refine((ms) => ms % 1000 === 0, 'must be whole seconds').default(30_000),
  }).superRefine(checkStorageAccess);
}
