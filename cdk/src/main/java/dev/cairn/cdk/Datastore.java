package dev.cairn.cdk;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The S3 datastore of every flow in an environment: encrypted, versioned, TLS only, never public,
 * with server access logs in a separate bucket. Flows get access to their own prefix only:
 *
 * <pre>{@code
 * Datastore ds = new Datastore(this, "Datastore", Datastore.Props.builder().build());
 * ds.grantFlowReadWrite(jobRole, "cairn/demo/prod/CountryModels");
 * }</pre>
 */
public final class Datastore extends Construct {
    /** Abandoned multipart uploads still cost storage; a step's upload never takes a week. */
    public static final int INCOMPLETE_UPLOAD_DAYS = 7;
    /** The CDK feature flag that makes a bucket receive server access logs through its policy instead of an ACL. */
    static final String SERVER_ACCESS_LOGS_USE_BUCKET_POLICY = "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy";
    /** The KMS condition key naming the service that called KMS for the principal. */
    static final String KMS_VIA_SERVICE = "kms:ViaService";
    /** The encryption context S3 passes to KMS: the bucket ARN with S3 Bucket Keys, else the object ARN. */
    static final String KMS_S3_CONTEXT = "kms:EncryptionContext:aws:s3:arn";

    /**
     * The shortest run data expiration: twice the age (30 days, the datastore's {@code BlobStore.RENEW_AFTER}) at which
     * a run that stores a blob already there, or resumes a task holding it, writes it again to restart its age.
     */
    public static final int MIN_RUN_DATA_EXPIRATION_DAYS = 60;

    /** How the datastore's objects are encrypted at rest. */
    public enum Encryption {
        KMS,
        S3_MANAGED
    }

    /**
     * @param encryption          default {@link Encryption#KMS} (a key with rotation on)
     * @param runDataPrefix       the prefix of run data the lifecycle rule expires; default {@code "cairn/"}. Always
     *                            ends in '/': {@code cairn} would also expire the models beside it under
     *                            {@code cairn-models/} (see {@link ModelExport}), which must outlive run data
     * @param runDataExpiration   age at which run data expires; default 365 days, at least {@link
     *                            #MIN_RUN_DATA_EXPIRATION_DAYS}; null keeps it forever
     * @param noncurrentExpiration age at which overwritten or deleted versions expire; default 30 days
     * @param removalPolicy       default {@link RemovalPolicy#RETAIN}: deleting the stack keeps the data
     */
    public record Props(
            Encryption encryption,
            String runDataPrefix,
            Duration runDataExpiration,
            Duration noncurrentExpiration,
            RemovalPolicy removalPolicy) {
        public Props {
            Objects.requireNonNull(encryption, "encryption");
            Objects.requireNonNull(runDataPrefix, "runDataPrefix");
            runDataPrefix = runDataPrefix.replaceAll("^/+|/+$", "");
            if (runDataPrefix.isEmpty()) {
                throw new IllegalArgumentException("runDataPrefix must not be empty: the rule would expire the whole "
                        + "bucket, exported models included (default cairn/)");
            }
            runDataPrefix = runDataPrefix + "/";
            if (runDataExpiration != null && runDataExpiration.toDays().doubleValue() < MIN_RUN_DATA_EXPIRATION_DAYS) {
                throw new IllegalArgumentException(
                        "runDataExpiration of " + runDataExpiration.toDays().intValue()
                                + " days is too short: blobs are shared by runs and renewed when a run uses one that is 30 days"
                                + " old, so run data must live at least " + MIN_RUN_DATA_EXPIRATION_DAYS + " days");
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private Encryption encryption = Encryption.KMS;
            private String runDataPrefix = "cairn/";
            private Duration runDataExpiration = Duration.days(365);
            private Duration noncurrentExpiration = Duration.days(30);
            private RemovalPolicy removalPolicy = RemovalPolicy.RETAIN;

            public Builder encryption(Encryption v) {
                encryption = v;
                return this;
            }

            public Builder runDataPrefix(String v) {
                runDataPrefix = v;
                return this;
            }

            public Builder runDataExpiration(Duration v) {
                runDataExpiration = v;
                return this;
            }

            public Builder noncurrentExpiration(Duration v) {
                noncurrentExpiration = v;
                return this;
            }

            public Builder removalPolicy(RemovalPolicy v) {
                removalPolicy = v;
                return this;
            }

            public Props build() {
                return new Props(encryption, runDataPrefix, runDataExpiration, noncurrentExpiration, removalPolicy);
            }
        }
    }

    private final Bucket bucket;
    private final Key key;
    private final Props props;

    public Datastore(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        // S3 log delivery writes the access logs as a bucket policy allows it, not through an ACL, so the log bucket
        // can disable ACLs; set here rather than only in cdk.json so that every app with a datastore (the tests' too)
        // gets the policy
        getNode().setContext(SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
        Bucket logs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED) // the log delivery service cannot write with a KMS key
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(365))
                        .noncurrentVersionExpiration(Duration.days(30))
                        .build()))
                .removalPolicy(props.removalPolicy())
                .build();

        key = props.encryption() == Encryption.KMS
                ? Key.Builder.create(this, "Key")
                        .enableKeyRotation(true)
                        .description("Cairn datastore")
                        .removalPolicy(props.removalPolicy())
                        .build()
                : null;
        if (key != null) {
            AwsServiceGrants.only(key);
        }
        LifecycleRule.Builder runData = LifecycleRule.builder()
                .id("old-run-data")
                .prefix(props.runDataPrefix())
                .noncurrentVersionExpiration(props.noncurrentExpiration());
        if (props.runDataExpiration() != null) {
            runData.expiration(props.runDataExpiration());
        }
        bucket = Bucket.Builder.create(this, "Bucket")
                .encryption(key != null ? BucketEncryption.KMS : BucketEncryption.S3_MANAGED)
                .encryptionKey(key)
                .bucketKeyEnabled(key != null)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .versioned(true)
                .serverAccessLogsBucket(logs)
                .serverAccessLogsPrefix("datastore/")
                .lifecycleRules(List.of(
                        runData.build(),
                        LifecycleRule.builder()
                                .id("incomplete-multipart-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(INCOMPLETE_UPLOAD_DAYS))
                                .build()))
                .removalPolicy(props.removalPolicy())
                .build();
    }

    public IBucket bucket() {
        return bucket;
    }

    public String bucketName() {
        return bucket.getBucketName();
    }

    /**
     * Whether the lifecycle rule deletes the object at {@code key} once it is old enough (run data): what must
     * outlive runs, like the model archives an endpoint starts instances from, must not be there.
     */
    public boolean expires(String key) {
        return props.runDataExpiration() != null && key.replaceAll("^/+", "").startsWith(props.runDataPrefix());
    }

    /** The prefix whose objects expire ({@link #expires}), ending in '/'. */
    public String runDataPrefix() {
        return props.runDataPrefix();
    }

    /** The key objects are encrypted with, or null when the datastore uses S3-managed keys. */
    public IKey key() {
        return key;
    }

    /** Read, write and delete objects under {@code flowPrefix/}, list only that prefix; nothing else. */
    public void grantFlowReadWrite(IGrantable grantee, String flowPrefix) {
        String prefix = trim(flowPrefix);
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(List.of(
                                "s3:GetObject",
                                "s3:GetObjectVersion",
                                "s3:PutObject",
                                "s3:DeleteObject",
                                "s3:AbortMultipartUpload"))
                        .resources(List.of(bucket.arnForObjects(prefix + "/*")))
                        .build());
        grantList(grantee, prefix);
        grantKeyThroughS3(grantee, "kms:GenerateDataKey", "kms:Decrypt");
    }

    /** Read objects under {@code prefix/} (shared inputs, another flow's results), list only that prefix. */
    public void grantRead(IGrantable grantee, String prefix) {
        String p = trim(prefix);
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject", "s3:GetObjectVersion"))
                        .resources(List.of(bucket.arnForObjects(p + "/*")))
                        .build());
        grantList(grantee, p);
        grantKeyThroughS3(grantee, "kms:Decrypt");
    }

    /**
     * Write objects under {@code prefix/} (put and abort multipart uploads), nothing else: for writers that
     * never read back, like data capture or a delivery stream. With KMS, completing a multipart upload also
     * needs kms:Decrypt, so the grant covers the data key and decrypt.
     */
    public void grantWrite(IGrantable grantee, String prefix) {
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload"))
                        .resources(List.of(bucket.arnForObjects(trim(prefix) + "/*")))
                        .build());
        grantKeyThroughS3(grantee, "kms:GenerateDataKey", "kms:Decrypt");
    }

    /** Read exactly these object keys (no listing, no other key): for example the model archives an endpoint serves. */
    public void grantReadKeys(IGrantable grantee, Collection<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a datastore key grant needs at least one key");
        }
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject"))
                        .resources(keys.stream()
                                .map(k -> bucket.arnForObjects(trim(k)))
                                .toList())
                        .build());
        grantKeyThroughS3(grantee, "kms:Decrypt");
    }

    /**
     * The datastore key's {@code actions} for S3 requests to this bucket only: S3 asks KMS for a data key
     * ({@code kms:GenerateDataKey}) to write an object and {@code kms:Decrypt} to read one or complete a multipart
     * upload, on the caller's behalf; the grantee cannot use the key directly. The bucket uses S3 Bucket Keys, so the
     * encryption context S3 passes is the bucket's ARN, never the object's: the key cannot be narrowed to a prefix, and
     * the S3 statements are what keep a flow to its own. Per-object context would need Bucket Keys off, a KMS request
     * for every object read or written (README, "How branches isolate").
     */
    private void grantKeyThroughS3(IGrantable grantee, String... actions) {
        if (key == null) {
            return;
        }
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(List.of(actions))
                        .resources(List.of(key.getKeyArn()))
                        .conditions(Map.of(
                                "StringEquals",
                                Map.of(
                                        KMS_VIA_SERVICE,
                                        "s3." + Stack.of(this).getRegion() + ".amazonaws.com",
                                        KMS_S3_CONTEXT,
                                        bucket.getBucketArn())))
                        .build());
    }

    private void grantList(IGrantable grantee, String prefix) {
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("s3:ListBucket"))
                        .resources(List.of(bucket.getBucketArn()))
                        .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(prefix + "/*"))))
                        .build());
    }

    private static String trim(String prefix) {
        String p = prefix.replaceAll("^/+|/+$", "");
        if (p.isEmpty()) {
            throw new IllegalArgumentException(
                    "a datastore grant needs a non-empty prefix: grants are scoped to one prefix, never the whole bucket");
        }
        return p;
    }
}
