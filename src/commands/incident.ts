import type { Command } from 'commander';
import { commentIncident, INCIDENT_STATUSES, updateIncident } from '../microsoft/write-back.js';
import { writeBackCommand } from './write-back-command.js';

/** `defender-siem incident update ID --config FILE [--tenant NAME] [--status …] [--comment …]` */
export function incidentCommand(): Command {
  return writeBackCommand({ kind: 'incident', statuses: INCIDENT_STATUSES, update: updateIncident, comment: commentIncident });
}
