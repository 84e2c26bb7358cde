import type { Command } from 'commander';
import { ALERT_STATUSES, commentAlert, updateAlert } from '../microsoft/write-back.js';
import { writeBackCommand } from './write-back-command.js';

/** `defender-siem alert update ID --config FILE [--tenant NAME] [--status …] [--comment …]` */
export function alertCommand(): Command {
  return writeBackCommand({ kind: 'alert', statuses: ALERT_STATUSES, update: updateAlert, comment: commentAlert });
}
