package dev.extaudiences.adapter.s3;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a storage's files are: a bucket, a prefix in it that is the storage's root, the endpoint of a store other
 * than AWS (empty for AWS itself), the region to sign for (empty: {@code us-east-1}, which any S3-compatible server
 * accepts; on AWS, requests then follow the bucket to its own region), how the bucket is addressed, and the
 * credentials.
 *
 * @param prefix the root inside the bucket, {@code ""} for the whole bucket; written with or without slashes at its
 *               ends ({@code landing/team-a}, {@code /landing/team-a/} are the same root)
 */
public record S3Connection(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region,
                           Addressing addressing, S3Credentials credentials) {

    /** Google Cloud Storage's XML API, which speaks S3's protocol to HMAC keys. */
    public static final URI GCS_ENDPOINT = URI.create("https://storage.googleapis.com");

    public S3Connection {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(addressing, "addressing");
        Objects.requireNonNull(credentials, "credentials");
        if (bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("an S3 bucket name is not blank and holds no '/', was '" + bucket + "'");
        }
        prefix = Arrays.stream(prefix.split("/")).filter(part -> !part.isEmpty()).collect(Collectors.joining("/"));
        endpoint.ifPresent(S3Connection::checkEndpoint);
        if (region.isPresent() && region.get().isBlank()) {
            throw new IllegalArgumentException("an S3 region, when given, is not blank");
        }
    }

    /** A bucket on AWS, addressed as AWS addresses it. */
    public static S3Connection aws(String bucket, String prefix, Optional<String> region, S3Credentials credentials) {
        return new S3Connection(bucket, prefix, Optional.empty(), region, Addressing.VIRTUAL_HOSTED, credentials);
    }

    /** A bucket of an S3-compatible server (MinIO, Ceph, R2) at {@code endpoint}, addressed by path. */
    public static S3Connection compatible(URI endpoint, String bucket, String prefix, S3Credentials credentials) {
        return new S3Connection(bucket, prefix, Optional.of(endpoint), Optional.empty(), Addressing.PATH, credentials);
    }

    /**
     * A GCS bucket through the XML API with an HMAC key. GCS signs V4 requests for the location {@code auto}; paths
     * name the bucket, so that a bucket named like a domain works over TLS.
     */
    public static S3Connection gcs(String bucket, String prefix, String hmacKeyId, String hmacSecret) {
        return new S3Connection(bucket, prefix, Optional.of(GCS_ENDPOINT), Optional.of("auto"), Addressing.PATH,
                S3Credentials.of(hmacKeyId, hmacSecret));
    }

    /** The root as a key prefix: {@code ""}, or the prefix with one {@code /} after it. */
    String rootKey() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    /** How a message names this place: its S3 URI, and the endpoint when it is not AWS's. */
    String described() {
        return "s3://" + bucket + "/" + rootKey() + endpoint.map(uri -> " at " + uri).orElse("");
    }

    private static void checkEndpoint(URI endpoint) {
        // a user-info part would be a credential written into the address, shown wherever the address is
        if (endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("an S3 endpoint holds no user or password; give the credentials apart");
        }
        if (!"http".equalsIgnoreCase(endpoint.getScheme()) && !"https".equalsIgnoreCase(endpoint.getScheme())
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException("an S3 endpoint is an http or https address with a host, was '"
                    + endpoint + "'");
        }
    }

    @Override
    public String toString() {
        return described() + " (" + addressing.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + " addressing" + region.map(name -> ", region " + name).orElse("") + ", "
                + credentials.described() + ")";
    }
}
