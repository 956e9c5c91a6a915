package dev.extaudiences.adapter.azure;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where a connection's files are: a container of a storage account, under a prefix, and how to authenticate there.
 * The endpoint is the account's blob service URL, for an emulator or a sovereign cloud (Azurite's is
 * {@code http://127.0.0.1:10000/devstoreaccount1}, the account in the path); without it the account's public one,
 * {@code https://ACCOUNT.blob.core.windows.net}. A source path {@code crm/members.csv} is the blob
 * {@code PREFIX/crm/members.csv}; an empty prefix is the whole container.
 */
public record AzureConnection(String account, String container, String prefix, Optional<URI> endpoint,
                              AzureCredentials credentials) {

    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    /** 3 to 63 lower-case letters, digits and single hyphens between them; or one of the two named containers. */
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}|\\$root|\\$web");

    /**
     * Checks what the service would refuse later with a less telling answer; the prefix loses its empty parts
     * ({@code /crm//gold/} is {@code crm/gold}). No message shows a secret, nor the endpoint's query, where a SAS
     * token put in the wrong place would be.
     */
    public AzureConnection {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("storage account '" + account
                    + "' is not an account name: 3 to 24 lower-case letters and digits");
        }
        if (!CONTAINER.matcher(container).matches()) {
            throw new IllegalArgumentException("container '" + container + "' is not a container name: 3 to 63 "
                    + "lower-case letters, digits and single hyphens, starting and ending with a letter or digit");
        }
        prefix = normalisedPrefix(prefix);
        endpoint = endpoint.map(AzureConnection::checkedEndpoint);
        if (credentials instanceof AzureCredentials.DefaultChain && endpoint.isPresent()
                && !endpoint.get().getScheme().equalsIgnoreCase("https")) {
            throw new IllegalArgumentException("the default Azure credential sends a bearer token, which needs an "
                    + "https endpoint, not " + endpoint.get());
        }
    }

    /** The container at the account's public endpoint, under {@code prefix}. */
    public static AzureConnection of(String account, String container, String prefix, AzureCredentials credentials) {
        return new AzureConnection(account, container, prefix, Optional.empty(), credentials);
    }

    /** The account's blob service URL, without a trailing {@code /}. */
    public String accountUrl() {
        return endpoint.map(URI::toString).orElse("https://" + account + ".blob.core.windows.net");
    }

    /** The container's URL: what a failure names (never with a credential in it). */
    public String containerUrl() {
        return accountUrl() + "/" + container;
    }

    /** The container's URL and the prefix, as a failure names the place. */
    public String place() {
        return containerUrl() + (prefix.isEmpty() ? "" : " under prefix '" + prefix + "/'");
    }

    /** A source path's blob name. */
    String blobName(String path) {
        return prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + "/" + path;
    }

    /** What a listing of the folder at {@code path} asks for: every name that starts with it and a {@code /}. */
    String folderPrefix(String path) {
        String name = blobName(path);
        return name.isEmpty() ? "" : name + "/";
    }

    @Override
    public String toString() {
        return "AzureConnection[" + place() + ", " + credentials + "]";
    }

    private static String normalisedPrefix(String prefix) {
        String[] parts = Arrays.stream(prefix.split("/")).filter(part -> !part.isEmpty()).toArray(String[]::new);
        for (String part : parts) {
            // a URL path resolves dot segments: a blob so named would not be the one reached
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("prefix '" + prefix + "' must not have a '.' or '..' part");
            }
        }
        return Arrays.stream(parts).collect(Collectors.joining("/"));
    }

    private static URI checkedEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("https") && !scheme.equals("http")) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the endpoint must be an http or https URL with a host");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null || endpoint.getRawUserInfo() != null) {
            // not shown: a SAS token pasted into the endpoint would be in its query
            throw new IllegalArgumentException("the endpoint of " + scheme + "://" + endpoint.getHost()
                    + " must have no query, fragment or user information: a SAS token goes in the credentials");
        }
        String url = endpoint.toString();
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
}
