import { columnId, type ColumnId, type ColumnTable, type Promotion } from '../../ecs/column-map.js';
import { CLOUD_APP_COLUMNS, CLOUD_AUDIT_COLUMNS, CLOUD_STORAGE_COLUMNS, IDENTITY_EVENT_COLUMNS, IDENTITY_INFO_COLUMNS } from './columns.js';
import { CLOUD_AUDIT_PROMOTIONS, CLOUD_STORAGE_PROMOTIONS, IDENTITY_INFO_PROMOTIONS, IDENTITY_PROMOTIONS } from './promotions.js';

/** How one table of the app-and-identity family is mapped; built once. */
export interface IdentityTableMapping {
  readonly columns: ColumnTable;
  readonly promotions: readonly Promotion[];
  /** `event.kind` when not `event` (IdentityInfo is an inventory row). */
  readonly kind?: string;
  readonly category?: string;
  /** Whether the row describes an acting user (user.name/user.id chosen in code, see user.ts). */
  readonly actingUser: boolean;
  /** The columns `user.id` is taken from, first present wins. */
  readonly userIdColumns: readonly ColumnId[];
  /** The column holding the client address that gets GeoIP as `client.*`. */
  readonly clientIpColumn?: ColumnId;
  readonly userAgentColumn?: ColumnId;
  readonly logonOutcome?: boolean;
}

const SID_OR_ACCOUNT_ID = [columnId('AccountSid'), columnId('AccountId')];
/** Query and directory rows: Elastic's documents give them no `user.id`, though the SID is there. */
const IDENTITY_EVENT = { columns: IDENTITY_EVENT_COLUMNS, promotions: IDENTITY_PROMOTIONS, actingUser: true, userIdColumns: [] } as const;

export const IDENTITY_TABLES: ReadonlyMap<string, IdentityTableMapping> = new Map<string, IdentityTableMapping>([
  ['IdentityLogonEvents', { ...IDENTITY_EVENT, category: 'authentication', logonOutcome: true, userIdColumns: SID_OR_ACCOUNT_ID }],
  ['IdentityQueryEvents', IDENTITY_EVENT],
  // Elastic's newer mapping classifies directory changes as iam (2.x documents had no category).
  ['IdentityDirectoryEvents', { ...IDENTITY_EVENT, category: 'iam' }],
  ['CloudAppEvents', { columns: CLOUD_APP_COLUMNS, promotions: IDENTITY_PROMOTIONS, actingUser: true, userIdColumns: SID_OR_ACCOUNT_ID, userAgentColumn: columnId('UserAgent') }],
  [
    'CloudAuditEvents',
    { columns: CLOUD_AUDIT_COLUMNS, promotions: CLOUD_AUDIT_PROMOTIONS, actingUser: true, userIdColumns: SID_OR_ACCOUNT_ID, category: 'configuration', clientIpColumn: columnId('IPAddress'), userAgentColumn: columnId('UserAgent') },
  ],
  [
    'CloudStorageAggregatedEvents',
    { columns: CLOUD_STORAGE_COLUMNS, promotions: CLOUD_STORAGE_PROMOTIONS, actingUser: false, userIdColumns: [], clientIpColumn: columnId('IpAddress'), userAgentColumn: columnId('UserAgentHeader') },
  ],
  ['IdentityInfo', { columns: IDENTITY_INFO_COLUMNS, promotions: IDENTITY_INFO_PROMOTIONS, kind: 'asset', actingUser: false, userIdColumns: [] }],
]);
