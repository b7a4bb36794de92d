package dev.cairn.datastore.s3;

import dev.cairn.datastore.ObjectStore;
import dev.cairn.datastore.StagedObject;
import dev.cairn.datastore.aws.AwsEnvironment;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Objects in an S3 bucket under a key prefix, in the same layout as {@link
 * dev.cairn.datastore.LocalObjectStore}. A put is a single PutObject, which S3 makes
 * visible whole or not at all; a staged object is written to a local temporary file and uploaded
 * on publish (in parallel parts above {@link #MULTIPART_BYTES}), so it too appears in one step.
 */
public final class S3ObjectStore implements ObjectStore {
    /** Environment variable naming an S3-compatible endpoint (s3proxy, MinIO, a local oracle); path-style access. */
    public static final String ENDPOINT_ENV = "CAIRN_S3_ENDPOINT";
    /** Environment variable: how many GETs a bulk read keeps in flight (default {@value #DEFAULT_PARALLEL_READS}). */
    public static final String PARALLEL_READS_ENV = "CAIRN_S3_PARALLEL_READS";
    // Each GET waits a round trip (10-30 ms in a region) for a record of a few hundred bytes: 64 at once turn a
    // 20,000-input join's 40,000 reads (records, artifacts) from minutes into seconds, within S3's 5,500 GETs
    // per second per prefix.
    static final int DEFAULT_PARALLEL_READS = 64;
    // The URL-connection client rides on HttpURLConnection, whose keep-alive cache keeps only 5 idle connections
    // per host unless told otherwise (http.maxConnections): more would be closed after each request and opened
    // again, a TLS handshake each. Room for the parallel reads and the part uploads.
    private static final int KEPT_CONNECTIONS = 128;

    static final long MULTIPART_BYTES = 16L << 20;
    static final long PART_BYTES = 16L << 20;
    /** The largest object one CopyObject copies (5 GB); larger ones are copied in parts of {@link #COPY_PART_BYTES}. */
    static final long COPY_BYTES = 5L << 30;

    static final long COPY_PART_BYTES = 512L << 20;
    private static final int MAX_ATTEMPTS = 6;
    private static final String STAGING = ".staging";
    private static final ChecksumAlgorithm CHECKSUM = ChecksumAlgorithm.CRC32;
    // Parts of large uploads; part uploads never wait on each other, so a shared pool cannot deadlock.
    private static final ExecutorService PARTS = Executors.newFixedThreadPool(
            4, Thread.ofPlatform().daemon().name("cairn-s3-part-", 1).factory());

    private final S3Client client;
    private final String bucket;
    private final String prefix; // no leading or trailing slash; may be empty
    // S3 itself: CRC32 flexible checksums. S3-compatible servers (an endpoint override) often reject
    // them (s3proxy 2.6: aws-chunked trailers fail the payload hash, x-amz-checksum-algorithm on a
    // multipart upload is "not implemented"), so there every upload carries a Content-MD5 instead.
    private final boolean flexibleChecksums;
    private final int parallelReads;

    public S3ObjectStore(S3Client client, String bucket, String prefix) {
        this(client, bucket, prefix, DEFAULT_PARALLEL_READS);
    }

    /** A store whose bulk reads keep {@code parallelReads} GETs in flight (see {@link ObjectStore#parallelReads}). */
    public S3ObjectStore(S3Client client, String bucket, String prefix, int parallelReads) {
        if (bucket == null || bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("not an S3 bucket name: " + bucket);
        }
        this.client = client;
        this.bucket = bucket;
        this.prefix = trimSlashes(prefix == null ? "" : prefix);
        this.flexibleChecksums =
                client.serviceClientConfiguration().endpointOverride().isEmpty();
        if (parallelReads < 1 || parallelReads > KEPT_CONNECTIONS) {
            throw new IllegalArgumentException("parallel reads of an S3 store must be 1.." + KEPT_CONNECTIONS
                    + " (the connections its client keeps), got " + parallelReads);
        }
        this.parallelReads = parallelReads;
    }

    /**
     * A store on a client configured from the environment: region from {@code AWS_REGION} or
     * {@code AWS_DEFAULT_REGION}, else the SDK's region chain (see {@link AwsEnvironment#region}), credentials
     * from the default provider chain,
     * and, when {@value #ENDPOINT_ENV} is set, that endpoint with path-style access.
     */
    public static S3ObjectStore fromEnvironment(String bucket, String prefix) {
        return fromEnvironment(bucket, prefix, System.getenv());
    }

    /**
     * {@link #fromEnvironment(String, String)} with region, keys and endpoint read from {@code env} instead of
     * the process environment (see {@link AwsEnvironment}).
     */
    public static S3ObjectStore fromEnvironment(String bucket, String prefix, Map<String, String> env) {
        String endpoint = env.get(ENDPOINT_ENV);
        URI endpointUri = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim());
        return new S3ObjectStore(
                newClient(AwsEnvironment.region(env), AwsEnvironment.credentials(env), endpointUri),
                bucket,
                prefix,
                parallelReads(env));
    }

    private static int parallelReads(Map<String, String> env) {
        String value = env.get(PARALLEL_READS_ENV);
        if (value == null || value.isBlank()) {
            return DEFAULT_PARALLEL_READS;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1 && parsed <= KEPT_CONNECTIONS) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below, with the variable's name
        }
        throw new IllegalArgumentException(PARALLEL_READS_ENV + " must be a whole number from 1 to " + KEPT_CONNECTIONS
                + ", got '" + value + "': unset it for the default of " + DEFAULT_PARALLEL_READS);
    }

    /** A store for {@code s3://bucket/prefix}, configured by {@link #fromEnvironment}. */
    public static S3ObjectStore of(URI uri) {
        return of(uri, System.getenv());
    }

    /** {@link #of(URI)} configured by {@code env} as {@link #fromEnvironment(String, String, Map)} does. */
    public static S3ObjectStore of(URI uri, Map<String, String> env) {
        if (!"s3".equals(uri.getScheme())
                || uri.getAuthority() == null
                || uri.getAuthority().isBlank()) {
            throw new IllegalArgumentException("not an s3://bucket/prefix URI: " + uri);
        }
        return fromEnvironment(uri.getAuthority(), uri.getPath() == null ? "" : uri.getPath(), env);
    }

    /**
     * The S3 client every store uses: the URL-connection HTTP client, standard retries with
     * backoff (6 attempts). With {@code endpoint} (an S3-compatible server) it uses path-style
     * access and sends/validates flexible checksums only when an operation requires them, which
     * every S3-compatible server understands; our own puts still ask for a CRC32 explicitly.
     */
    public static S3Client newClient(Region region, AwsCredentialsProvider credentials, URI endpoint) {
        if (System.getProperty("http.maxConnections") == null) {
            // read once, at the first connection kept alive: before any, or it is too late (see KEPT_CONNECTIONS)
            System.setProperty("http.maxConnections", String.valueOf(KEPT_CONNECTIONS));
        }
        S3ClientBuilder builder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS)
                        .build()));
        if (endpoint != null) {
            builder.endpointOverride(endpoint)
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        String full = fullKey(key);
        try {
            client.putObject(
                    b -> {
                        b.bucket(bucket).key(full);
                        if (flexibleChecksums) {
                            b.checksumAlgorithm(CHECKSUM);
                        } else {
                            b.contentMD5(md5(content));
                        }
                    },
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        return getObject(
                key,
                full -> client.getObjectAsBytes(b -> b.bucket(bucket).key(full)).asByteArray());
    }

    /** Streams the object as S3 sends it: a large blob is checked without a second copy in memory. */
    @Override
    public InputStream open(String key) throws IOException {
        return getObject(key, full -> client.getObject(b -> b.bucket(bucket).key(full)));
    }

    /** A GetObject of {@code key} as {@code request} makes it, a missing object and a failure told apart. */
    private <T> T getObject(String key, java.util.function.Function<String, T> request) throws IOException {
        try {
            return request.apply(fullKey(key));
        } catch (NoSuchKeyException e) {
            throw missing(key, e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw missing(key, e);
            }
            throw failure("get", key, e);
        } catch (SdkException e) {
            throw failure("get", key, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        return lastWritten(key).isPresent();
    }

    @Override
    public Optional<Instant> lastWritten(String key) throws IOException {
        String full = fullKey(key);
        try {
            return Optional.of(
                    client.headObject(b -> b.bucket(bucket).key(full)).lastModified());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("check", key, e);
        } catch (SdkException e) {
            throw failure("check", key, e);
        }
    }

    /**
     * Copies the object onto itself: S3 refuses such a copy unless something changes, and replacing the (empty) user
     * metadata is the change that leaves content, type and encryption (the bucket's default) as they were. Objects
     * over {@link #COPY_BYTES}, which one CopyObject cannot copy, are copied in parts.
     */
    @Override
    public void renew(String key) throws IOException {
        String full = fullKey(key);
        try {
            long size = client.headObject(b -> b.bucket(bucket).key(full)).contentLength();
            if (size <= COPY_BYTES) {
                client.copyObject(b -> b.sourceBucket(bucket)
                        .sourceKey(full)
                        .destinationBucket(bucket)
                        .destinationKey(full)
                        .metadataDirective(MetadataDirective.REPLACE)
                        .contentType("application/octet-stream"));
                return;
            }
            copyInParts(full, size);
        } catch (NoSuchKeyException e) {
            throw missing(key, e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw missing(key, e);
            }
            throw failure("renew", key, e);
        } catch (SdkException e) {
            throw failure("renew", key, e);
        }
    }

    private void copyInParts(String full, long size) {
        String uploadId = client.createMultipartUpload(
                        b -> b.bucket(bucket).key(full).contentType("application/octet-stream"))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += COPY_PART_BYTES) {
                int number = parts.size() + 1;
                String range = "bytes=" + offset + "-" + (Math.min(size, offset + COPY_PART_BYTES) - 1);
                String etag = client.uploadPartCopy(b -> b.sourceBucket(bucket)
                                .sourceKey(full)
                                .destinationBucket(bucket)
                                .destinationKey(full)
                                .uploadId(uploadId)
                                .partNumber(number)
                                .copySourceRange(range))
                        .copyPartResult()
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            client.completeMultipartUpload(
                    b -> b.bucket(bucket).key(full).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(full).uploadId(uploadId));
            throw e;
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        String dir = fullKey(folder);
        String listed = dir.isEmpty() ? "" : dir + "/";
        TreeSet<String> names = new TreeSet<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(listed)
                    .delimiter("/")
                    .build();
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
                for (CommonPrefix common : page.commonPrefixes()) {
                    names.add(childName(common.prefix(), listed));
                }
                for (S3Object object : page.contents()) {
                    names.add(childName(object.key(), listed));
                }
            }
        } catch (SdkException e) {
            throw failure("list", folder, e);
        }
        names.remove("");
        names.remove(STAGING);
        return List.copyOf(names);
    }

    @Override
    public List<String> listAll(String folder, String namePrefix) throws IOException {
        String dir = fullKey(folder);
        String listed = dir.isEmpty() ? "" : dir + "/";
        List<String> keys = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(listed + namePrefix)
                    .build();
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
                for (S3Object object : page.contents()) {
                    String key = object.key().substring(listed.length());
                    if (!key.startsWith(STAGING + "/") && !key.endsWith("/")) {
                        keys.add(key);
                    }
                }
            }
        } catch (SdkException e) {
            throw failure("list", folder, e);
        }
        keys.sort(null);
        return List.copyOf(keys);
    }

    @Override
    public int parallelReads() {
        return parallelReads;
    }

    private static String childName(String key, String listed) {
        String rest = key.substring(listed.length());
        return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    }

    @Override
    public StagedObject stage() throws IOException {
        Path temp = Files.createTempFile("cairn-s3-", ".staging");
        OutputStream out;
        try {
            out = new BufferedOutputStream(
                    Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                    1 << 20);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return new StagedObject() {
            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void publish(String key) throws IOException {
                try {
                    out.close();
                    upload(temp, key);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    out.close();
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        };
    }

    /** Uploads the file itself, without a staging copy. */
    @Override
    public void putFile(String key, Path file) throws IOException {
        upload(file, key);
    }

    /** Uploads a finished local file as {@code key}: one PutObject when small, a parallel multipart upload when large. */
    void upload(Path file, String key) throws IOException {
        String full = fullKey(key);
        long size = Files.size(file);
        if (size < MULTIPART_BYTES) {
            try {
                String md5 = flexibleChecksums ? null : md5(file, 0, size);
                try (OpenedStreams opened = new OpenedStreams()) {
                    client.putObject(
                            b -> {
                                b.bucket(bucket).key(full);
                                if (flexibleChecksums) {
                                    b.checksumAlgorithm(CHECKSUM);
                                } else {
                                    b.contentMD5(md5);
                                }
                            },
                            RequestBody.fromContentProvider(
                                    opened.slice(file, 0, size), size, "application/octet-stream"));
                }
            } catch (SdkException e) {
                throw failure("put", key, e);
            }
            return;
        }
        String uploadId;
        try {
            uploadId = client.createMultipartUpload(b -> {
                        b.bucket(bucket).key(full);
                        if (flexibleChecksums) {
                            b.checksumAlgorithm(CHECKSUM);
                        }
                    })
                    .uploadId();
        } catch (SdkException e) {
            throw failure("start a multipart upload of", key, e);
        }
        List<Future<CompletedPart>> parts = new ArrayList<>();
        try {
            int number = 1;
            for (long offset = 0; offset < size; offset += PART_BYTES, number++) {
                long length = Math.min(PART_BYTES, size - offset);
                long from = offset;
                int part = number;
                parts.add(PARTS.submit(() -> uploadPart(file, full, uploadId, part, from, length)));
            }
            List<CompletedPart> done = new ArrayList<>(parts.size());
            for (Future<CompletedPart> part : parts) {
                done.add(part.get());
            }
            client.completeMultipartUpload(
                    b -> b.bucket(bucket).key(full).uploadId(uploadId).multipartUpload(m -> m.parts(done)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(full, uploadId, parts);
            InterruptedIOException interrupted =
                    new InterruptedIOException("interrupted while uploading " + location(key));
            interrupted.initCause(e);
            throw interrupted;
        } catch (ExecutionException e) {
            abort(full, uploadId, parts);
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("could not upload " + location(key) + ": " + cause.getMessage(), cause);
        } catch (RuntimeException e) {
            abort(full, uploadId, parts);
            throw failure("complete the multipart upload of", key, e);
        }
    }

    private CompletedPart uploadPart(Path file, String full, String uploadId, int part, long offset, long length)
            throws IOException {
        String md5 = flexibleChecksums ? null : md5(file, offset, length);
        UploadPartResponse response;
        try (OpenedStreams opened = new OpenedStreams()) {
            response = client.uploadPart(
                    b -> {
                        b.bucket(bucket)
                                .key(full)
                                .uploadId(uploadId)
                                .partNumber(part)
                                .contentLength(length);
                        if (flexibleChecksums) {
                            b.checksumAlgorithm(CHECKSUM);
                        } else {
                            b.contentMD5(md5);
                        }
                    },
                    RequestBody.fromContentProvider(
                            opened.slice(file, offset, length), length, "application/octet-stream"));
        }
        return CompletedPart.builder()
                .partNumber(part)
                .eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32())
                .build();
    }

    private void abort(String full, String uploadId, List<Future<CompletedPart>> parts) {
        for (Future<CompletedPart> part : parts) {
            part.cancel(true);
        }
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(full).uploadId(uploadId));
        } catch (SdkException ignored) {
            // a bucket lifecycle rule for incomplete multipart uploads removes what is left
        }
    }

    private static String md5(byte[] content) {
        return Base64.getEncoder().encodeToString(md5Digest().digest(content));
    }

    private static String md5(Path file, long offset, long length) throws IOException {
        MessageDigest digest = md5Digest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new FileSlice(FileChannel.open(file, StandardOpenOption.READ), offset, length)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    @Override
    public String location() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public S3ObjectStore beside(String suffix) {
        ObjectStore.requireSiblingSuffix(suffix);
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException(
                    "the datastore " + location() + " is the bucket's root: give it a prefix " + "(s3://" + bucket
                            + "/cairn) so that a store can live beside it");
        }
        return new S3ObjectStore(client, bucket, prefix + suffix, parallelReads); // the same client: one pool
    }

    private String location(String key) {
        return "s3://" + bucket + "/" + fullKey(key);
    }

    /** {@code prefix + "/" + key} without empty segments; refuses keys that climb out with "..". */
    String fullKey(String key) {
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("object key escapes the datastore: " + key);
        }
        StringBuilder full = new StringBuilder(prefix);
        for (String segment : key.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new IllegalArgumentException("object key escapes the datastore: " + key);
            }
            if (!full.isEmpty()) {
                full.append('/');
            }
            full.append(segment);
        }
        return full.toString();
    }

    private IOException missing(String key, Exception cause) {
        NoSuchFileException e = new NoSuchFileException(key, null, "no object " + location(key));
        e.initCause(cause);
        return e;
    }

    private IOException failure(String action, String key, Exception cause) {
        return new IOException("could not " + action + " " + location(key) + ": " + cause.getMessage(), cause);
    }

    private static String trimSlashes(String path) {
        String joined = String.join(
                "/",
                java.util.Arrays.stream(path.split("/"))
                        .filter(s -> !s.isEmpty())
                        .toList());
        if (List.of(joined.split("/")).contains("..")) {
            throw new IllegalArgumentException("an S3 prefix cannot contain '..': " + path);
        }
        return joined;
    }
}
