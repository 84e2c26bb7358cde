/**
 * A difference from Elastic's expected output that the conformance test accepts, each with its
 * reason. Listed one by one: `case` is a case name (`event/test-email.log#2`) or a file (all of
 * its documents); `path` is an exact leaf path as printed by the test (`ecs.version`,
 * `related.ip[1]`). An entry that no longer matches any difference fails the test, so the list
 * cannot rot.
 */
export interface AllowedDifference {
  readonly case: string;
  readonly path: string;
  readonly reason: string;
}
