/**
 * `event.outcome` of an IdentityLogonEvents row: a failure when Defender gives a failure reason
 * or the action says so (`LogonFailed`), a success otherwise.
 */
const FAILED = /fail/i;

export function logonOutcome(actionType: string | undefined, failureReason: string | undefined): 'success' | 'failure' {
  return failureReason !== undefined || (actionType !== undefined && FAILED.test(actionType)) ? 'failure' : 'success';
}
