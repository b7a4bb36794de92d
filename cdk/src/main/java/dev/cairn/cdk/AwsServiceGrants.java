package dev.cairn.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;

/**
 * A key policy statement that lets only AWS services create grants on a key (AWS Control Tower's CT.KMS.PR.3): a
 * principal allowed to use the key cannot hand that use on to another principal with a grant, while the services
 * that encrypt for us (S3, SageMaker, CloudWatch Logs, ...) still create the grants they need for their resources.
 */
final class AwsServiceGrants {
    private AwsServiceGrants() {}

    static void only(Key key) {
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("GrantsForAwsServicesOnly")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:CreateGrant"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "BoolIfExists",
                        Map.of("kms:GrantIsForAWSResource", "false", "aws:PrincipalIsAWSService", "false")))
                .build());
    }
}
