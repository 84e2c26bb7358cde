import { ODataError, type EntitySpec } from './odata-query.js';

/** The enumerations of §2.8 that PATCH bodies are checked against (metadata spelling). */
export const CLASSIFICATIONS = ['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity', 'unknownFutureValue'];
export const DETERMINATIONS = [
  'unknown', 'apt', 'malware', 'securityPersonnel', 'securityTesting', 'unwantedSoftware', 'other', 'multiStagedAttack', 'compromisedAccount', 'phishing',
  'maliciousUserActivity', 'notMalicious', 'notEnoughDataToValidate', 'confirmedActivity', 'lineOfBusinessApplication', 'unknownFutureValue',
];
/** Settable incident statuses (§2.11; awaitingAction is Defender Experts' own). */
export const INCIDENT_STATUSES = ['active', 'resolved', 'inProgress', 'redirected'];
export const ALERT_STATUSES = ['new', 'inProgress', 'resolved'];

/** Graph's observed page-size ceiling for incidents, with the error text users have reported (§2.2). */
const INCIDENT_TOP_LIMIT = 50;
const ALERT_TOP_LIMIT = 2000;

export const INCIDENT_SPEC: EntitySpec = {
  typeName: 'microsoft.graph.security.incident',
  filterable: {
    id: 'string', assignedTo: 'string', classification: 'string', determination: 'string', severity: 'string', status: 'string',
    createdDateTime: 'datetime', lastUpdateDateTime: 'datetime',
  },
  sortable: ['lastUpdateDateTime', 'createdDateTime'],
  // "most recent first", Graph's documented default
  defaultOrder: { property: 'createdDateTime', descending: true },
  defaultTop: INCIDENT_TOP_LIMIT,
  maxTop: INCIDENT_TOP_LIMIT,
  topError: (requested) =>
    new ODataError(`The query specified in the URI is not valid. The limit of '${INCIDENT_TOP_LIMIT}' for Top query has been exceeded. The value from the incoming request is '${requested}'.`, ''),
  expandable: ['alerts'],
};

export const ALERT_SPEC: EntitySpec = {
  typeName: 'microsoft.graph.security.alert',
  filterable: {
    id: 'string', incidentId: 'string', assignedTo: 'string', classification: 'string', determination: 'string', severity: 'string', status: 'string',
    serviceSource: 'string', detectionSource: 'string', createdDateTime: 'datetime', lastUpdateDateTime: 'datetime',
  },
  sortable: ['lastUpdateDateTime', 'createdDateTime'],
  defaultOrder: { property: 'createdDateTime', descending: true },
  defaultTop: 100,
  maxTop: ALERT_TOP_LIMIT,
  topError: (requested) =>
    new ODataError(`The query specified in the URI is not valid. The limit of '${ALERT_TOP_LIMIT}' for Top query has been exceeded. The value from the incoming request is '${requested}'.`, ''),
  expandable: [],
};
