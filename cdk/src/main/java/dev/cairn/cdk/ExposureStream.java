package dev.cairn.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.CfnSubscriptionFilter;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The exposure log of a deployment: a Firehose delivery stream writing the router's exposure events into the
 * datastore as JSON lines, partitioned by experiment and day as
 * {@code <prefix>/experiment=<name>/date=<yyyy-MM-dd>/}, the layout {@code cairn serve} writes locally. Records it
 * cannot partition land under {@code <prefix>/_errors/}.
 *
 * <p>The router prints each event as a line of its log ({@link #subscribeLogGroup}): a CloudWatch Logs subscription
 * filter sends the JSON log events with an {@code experiment} field ({@link #EXPOSURE_LINES}) to the stream, in
 * CloudWatch Logs' gzip'd envelope of several log events. The stream's processors undo that envelope
 * ({@code Decompression}, then {@code CloudWatchLogProcessing} with message extraction: only each log event's message
 * goes on), partition the message by its own fields ({@code MetadataExtraction}) and end it with a newline
 * ({@code AppendDelimiterToRecord}), so the objects hold the same JSON lines as the local files, which
 * {@code cairn experiment report} reads.
 *
 * <pre>{@code
 * ExposureStream exposures = new ExposureStream(this, "Exposures",
 *         ExposureStream.Props.builder(datastore, "cairn/demo/_serving/churn/exposures").build());
 * exposures.subscribeLogGroup("RouterExposures", routerLogGroup);
 * }</pre>
 */
public final class ExposureStream extends Construct {
    /** Pulls the partition keys out of an exposure event: its experiment and the day of its ISO time. */
    public static final String PARTITION_QUERY = "{experiment: .experiment, date: (.time[0:10])}";
    /**
     * The log events that are exposure events: JSON with an {@code experiment} field. The router's metric lines (EMF,
     * {@code _aws}), its text lines and Lambda's own lines have none.
     */
    public static final String EXPOSURE_LINES =
            FilterPattern.exists("$.experiment").getLogPatternString();
    /** Firehose's minimum buffer size with dynamic partitioning. */
    public static final int MIN_BUFFER_MB = 64;
    /** Firehose's buffer interval range. */
    public static final int MIN_BUFFER_SECONDS = 0;

    public static final int MAX_BUFFER_SECONDS = 900;

    /**
     * @param datastore     the bucket written to (required)
     * @param prefix        the datastore prefix of the events (required), for example
     *                      {@code cairn/demo/_serving/churn/exposures}
     * @param bufferSeconds how long Firehose buffers before writing; default 60
     * @param bufferMb      how much it buffers before writing; default {@value #MIN_BUFFER_MB} (the minimum
     *                      with dynamic partitioning)
     * @param logsKey       the KMS key of the delivery error log group; default null: CloudWatch Logs' own encryption
     */
    public record Props(Datastore datastore, String prefix, int bufferSeconds, int bufferMb, IKey logsKey) {
        public Props {
            Objects.requireNonNull(datastore, "datastore");
            prefix = prefix == null ? null : prefix.replaceAll("^/+|/+$", "");
            if (prefix == null || prefix.isEmpty()) {
                throw new IllegalArgumentException("the exposure stream needs a datastore prefix to write under");
            }
            if (bufferSeconds < MIN_BUFFER_SECONDS || bufferSeconds > MAX_BUFFER_SECONDS) {
                throw new IllegalArgumentException("buffer interval must be " + MIN_BUFFER_SECONDS + ".."
                        + MAX_BUFFER_SECONDS + " s (Firehose's range), got " + bufferSeconds);
            }
            if (bufferMb < MIN_BUFFER_MB || bufferMb > 128) {
                throw new IllegalArgumentException("buffer size must be " + MIN_BUFFER_MB
                        + "..128 MB (Firehose's range " + "with dynamic partitioning), got " + bufferMb);
            }
        }

        public static Builder builder(Datastore datastore, String prefix) {
            return new Builder(datastore, prefix);
        }

        public static final class Builder {
            private final Datastore datastore;
            private final String prefix;
            private int bufferSeconds = 60;
            private int bufferMb = MIN_BUFFER_MB;
            private IKey logsKey;

            private Builder(Datastore datastore, String prefix) {
                this.datastore = datastore;
                this.prefix = prefix;
            }

            public Builder bufferSeconds(int v) {
                bufferSeconds = v;
                return this;
            }

            public Builder bufferMb(int v) {
                bufferMb = v;
                return this;
            }

            public Builder logsKey(IKey v) {
                logsKey = v;
                return this;
            }

            public Props build() {
                return new Props(datastore, prefix, bufferSeconds, bufferMb, logsKey);
            }
        }
    }

    private final CfnDeliveryStream stream;
    private final Role role;
    private final String prefix;

    public ExposureStream(Construct scope, String id, Props props) {
        super(scope, id);
        prefix = props.prefix();
        Datastore datastore = props.datastore();
        String account = Stack.of(this).getAccount();
        role = Role.Builder.create(this, "DeliveryRole")
                .assumedBy(new ServicePrincipal("firehose.amazonaws.com")
                        .withConditions(Map.of("StringEquals", Map.of("sts:ExternalId", account))))
                .description("Firehose delivery of exposure events under " + prefix + "/ only")
                .build();
        // what Firehose's S3 destination documents it needs, objects limited to the prefix
        datastore.grantWrite(role, prefix);
        datastore.grantRead(role, prefix);
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucketMultipartUploads"))
                .resources(List.of(datastore.bucket().getBucketArn()))
                .build());

        LogGroup logs = LogGroup.Builder.create(this, "DeliveryLogs")
                .encryptionKey(props.logsKey())
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        LogStream logStream = LogStream.Builder.create(this, "DeliveryErrors")
                .logGroup(logs)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        logs.grantWrite(role);

        CfnDeliveryStream.EncryptionConfigurationProperty encryption = datastore.key() != null
                ? CfnDeliveryStream.EncryptionConfigurationProperty.builder()
                        .kmsEncryptionConfig(CfnDeliveryStream.KMSEncryptionConfigProperty.builder()
                                .awskmsKeyArn(datastore.key().getKeyArn())
                                .build())
                        .build()
                : CfnDeliveryStream.EncryptionConfigurationProperty.builder()
                        .noEncryptionConfig("NoEncryption")
                        .build();
        stream = CfnDeliveryStream.Builder.create(this, "Stream")
                .deliveryStreamType("DirectPut")
                .deliveryStreamEncryptionConfigurationInput(
                        CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty.builder()
                                .keyType("AWS_OWNED_CMK")
                                .build())
                .extendedS3DestinationConfiguration(
                        CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty.builder()
                                .bucketArn(datastore.bucket().getBucketArn())
                                .roleArn(role.getRoleArn())
                                .prefix(
                                        prefix
                                                + "/experiment=!{partitionKeyFromQuery:experiment}/date=!{partitionKeyFromQuery:date}/")
                                .errorOutputPrefix(
                                        prefix + "/_errors/!{firehose:error-output-type}/date=!{timestamp:yyyy-MM-dd}/")
                                .fileExtension(".jsonl")
                                .compressionFormat(
                                        "UNCOMPRESSED") // plain JSON lines, like the local files the report reads
                                .bufferingHints(CfnDeliveryStream.BufferingHintsProperty.builder()
                                        .intervalInSeconds(props.bufferSeconds())
                                        .sizeInMBs(props.bufferMb())
                                        .build())
                                .encryptionConfiguration(encryption)
                                .dynamicPartitioningConfiguration(
                                        CfnDeliveryStream.DynamicPartitioningConfigurationProperty.builder()
                                                .enabled(true)
                                                .retryOptions(CfnDeliveryStream.RetryOptionsProperty.builder()
                                                        .durationInSeconds(300)
                                                        .build())
                                                .build())
                                .processingConfiguration(CfnDeliveryStream.ProcessingConfigurationProperty.builder()
                                        .enabled(true)
                                        .processors(List.of(
                                                // what a subscription sends: gzip'd envelopes of log events
                                                processor("Decompression", parameter("CompressionFormat", "GZIP")),
                                                processor(
                                                        "CloudWatchLogProcessing",
                                                        parameter("DataMessageExtraction", "true")),
                                                processor(
                                                        "MetadataExtraction",
                                                        parameter("MetadataExtractionQuery", PARTITION_QUERY),
                                                        parameter("JsonParsingEngine", "JQ-1.6")),
                                                // a log event's message has no line break of its own
                                                processor("AppendDelimiterToRecord")))
                                        .build())
                                .cloudWatchLoggingOptions(CfnDeliveryStream.CloudWatchLoggingOptionsProperty.builder()
                                        .enabled(true)
                                        .logGroupName(logs.getLogGroupName())
                                        .logStreamName(logStream.getLogStreamName())
                                        .build())
                                .build())
                .build();
        stream.getNode().addDependency(role); // Firehose checks the role's access when the stream is created
        NagSuppressions.addResourceSuppressions(
                role,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason(
                                "Objects under the exposure prefix (prefix/*) only; KMS data-key actions on the datastore key "
                                        + "only; log streams of the stream's own log group")
                        .build()),
                true);
    }

    private static CfnDeliveryStream.ProcessorProperty processor(
            String type, CfnDeliveryStream.ProcessorParameterProperty... parameters) {
        CfnDeliveryStream.ProcessorProperty.Builder b =
                CfnDeliveryStream.ProcessorProperty.builder().type(type);
        if (parameters.length > 0) {
            b.parameters(List.of(parameters));
        }
        return b.build();
    }

    private static CfnDeliveryStream.ProcessorParameterProperty parameter(String name, String value) {
        return CfnDeliveryStream.ProcessorParameterProperty.builder()
                .parameterName(name)
                .parameterValue(value)
                .build();
    }

    /**
     * Ships the exposure lines of a log group ({@link #EXPOSURE_LINES}) to this stream: a subscription filter and the
     * role CloudWatch Logs assumes to put them, which only this log group's subscriptions can assume and which puts
     * to this stream only.
     */
    public CfnSubscriptionFilter subscribeLogGroup(String id, ILogGroup logGroup) {
        Construct scope = new Construct(this, id);
        Role role = Role.Builder.create(scope, "Role")
                .assumedBy(new ServicePrincipal("logs.amazonaws.com")
                        .withConditions(Map.of(
                                "StringEquals",
                                Map.of("aws:SourceAccount", Stack.of(this).getAccount()),
                                "ArnLike",
                                Map.of("aws:SourceArn", logGroup.getLogGroupArn()))))
                .description("CloudWatch Logs shipping exposure lines to the exposure stream only")
                .build();
        Grant put = grantPutRecords(role);
        CfnSubscriptionFilter filter = CfnSubscriptionFilter.Builder.create(scope, "Filter")
                .logGroupName(logGroup.getLogGroupName())
                .filterPattern(EXPOSURE_LINES)
                .destinationArn(stream.getAttrArn())
                .roleArn(role.getRoleArn())
                .build();
        // CloudWatch Logs tries a put with the role when the filter is created: the role's policy must exist first
        put.applyBefore(filter);
        return filter;
    }

    /** Put records into this stream: firehose:PutRecord and PutRecordBatch on it, nothing else. */
    public Grant grantPutRecords(IGrantable grantee) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of("firehose:PutRecord", "firehose:PutRecordBatch"))
                .resourceArns(List.of(stream.getAttrArn()))
                .build());
    }

    /** The delivery stream's name (what the router's CAIRN_EXPOSURE_STREAM holds). */
    public String streamName() {
        return stream.getRef();
    }

    public String streamArn() {
        return stream.getAttrArn();
    }
    /** The datastore prefix the events are written under. */
    public String prefix() {
        return prefix;
    }

    public CfnDeliveryStream stream() {
        return stream;
    }

    public Role deliveryRole() {
        return role;
    }
}
