package dev.cairn.cdk;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The AWS Control Tower controls that fail on purpose, each with why: the one place {@link ControlTowerGuardTest}
 * checks cfn-guard's findings against, as the cdk-nag suppressions beside each construct are for cdk-nag. An entry
 * that no longer fails anywhere fails the test too, so none outlives its reason.
 */
final class AcceptedGuardRules {
    /**
     * @param control   the control's id, as its message names it ({@code CT.S3.PR.9})
     * @param resources the logical ids it is accepted for (a regular expression: as narrow as the exception is)
     * @param reason    why the design does not follow it
     */
    record Accepted(String control, Pattern resources, String reason) {
        Accepted(String control, String resources, String reason) {
            this(control, Pattern.compile(resources), reason);
        }

        boolean covers(ControlTowerGuard.Finding finding) {
            return finding.control().equals(control)
                    && resources.matcher(finding.resource()).matches();
        }
    }

    static final List<Accepted> ALL = List.of(
            new Accepted(
                    "CT.S3.PR.2",
                    "DatastoreAccessLogs[0-9A-F]{8}",
                    "the access-log bucket of the datastore: logging its own access into itself would loop"),
            new Accepted(
                    "CT.S3.PR.10",
                    "DatastoreAccessLogs[0-9A-F]{8}",
                    "S3 server access logging delivers only to a target bucket whose default encryption is SSE-S3 "
                            + "(AES256): SSE-KMS is not supported for it; the datastore bucket itself uses KMS"),
            new Accepted(
                    "CT.S3.PR.4",
                    "Datastore(Bucket|AccessLogs)[0-9A-F]{8}",
                    "nothing reacts to object events: steps find their inputs through the datastore's records and "
                            + "runs are started by Step Functions, schedules and rules, never by an object landing"),
            new Accepted(
                    "CT.S3.PR.9",
                    "Datastore(Bucket|AccessLogs)[0-9A-F]{8}",
                    "run data and access logs expire by lifecycle rules on purpose (365 days, overwritten versions "
                            + "after 30); Object Lock would keep them; versioning already keeps overwritten objects"),
            new Accepted(
                    "CT.LAMBDA.PR.2",
                    "PredictionApimodelsmodelpredictPOSTApiPermission.*",
                    "API Gateway's permission to invoke the router names its SourceArn, the predict method of this "
                            + "API's own stage; it is an Fn::Join of the API's and stage's ids, which guard does not "
                            + "resolve, so it reports the permission as unscoped"),
            new Accepted(
                    "CT.LAMBDA.PR.3",
                    "PredictionRouter[0-9A-F]{8}",
                    "the router reaches no VPC resource: it calls SageMaker Runtime and Firehose on their public "
                            + "endpoints with SigV4; in a VPC it would need a NAT gateway or interface endpoints in every "
                            + "zone, and a cold start with an ENI, for nothing it does"),
            new Accepted(
                    "CT.CLOUDWATCH.PR.3",
                    "(ExecutionLogs|JobLogs|ExposuresDeliveryLogs|PredictionAccessLogs|PredictionRouterLogs)[0-9A-F]{8}",
                    "these log groups of flow and serving stacks are encrypted with the platform's monitoring key, "
                            + "which they import from the platform stack (Fn::ImportValue); guard accepts only a key ARN "
                            + "string or a key of the same template (MonitoringTest checks every log group's key)"));

    private AcceptedGuardRules() {}
}
