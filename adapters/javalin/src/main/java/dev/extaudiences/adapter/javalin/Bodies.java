package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The request bodies as the wire has them: their shape only (which properties, of which JSON types). Unknown
 * properties are ignored on create, as the public service does. Every rule on a value is the domain's, checked when
 * {@link Commands} turns the body into a command.
 */
final class Bodies {

    private Bodies() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateAudience(
            String name,
            String description,
            String customAudienceId,
            List<FieldBody> fields,
            SourceSpec sourceSpec,
            Integer ttlInDays,
            String audienceType,
            String originName,
            String namespace,
            List<String> labels,
            List<String> tags,
            Boolean profileIngestion,
            // extensions: how identities are kept at rest, and the country national phone numbers are read in
            Boolean hashedAtRest,
            String phoneRegion) {

        /** A request in the contract's terms only. */
        CreateAudience(String name, String description, String customAudienceId, List<FieldBody> fields,
                       SourceSpec sourceSpec, Integer ttlInDays, String audienceType, String originName,
                       String namespace, List<String> labels, List<String> tags, Boolean profileIngestion) {
            this(name, description, customAudienceId, fields, sourceSpec, ttlInDays, audienceType, originName,
                    namespace, labels, tags, profileIngestion, null, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FieldBody(
            String name,
            String type,
            String identityNs,
            List<String> labels) {
    }

    /** Accepted flat and wrapped in {@code params}: both forms appear in the public guide. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SourceSpec(
            SourceParams params,
            String path,
            String type,
            String sourceType,
            String cloudType,
            String baseConnectionId) {

        /** The one form sent; both at once would leave one of them silently ignored, so that is refused. */
        SourceParams effective() {
            if (params == null) {
                return new SourceParams(path, type, sourceType, cloudType, baseConnectionId);
            }
            if (Stream.of(path, type, sourceType, cloudType, baseConnectionId).anyMatch(Objects::nonNull)) {
                throw ApiError.invalid("sourceSpec", "is given both flat and under params; send one form");
            }
            return params;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SourceParams(
            String path,
            String type,
            String sourceType,
            String cloudType,
            String baseConnectionId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StartRun(
            Long dataFilterStartTime,
            Long dataFilterEndTime,
            Boolean differentialIngestion,
            // an extension: true asks for a dry run (counts what the run would change, changes nothing)
            @JsonDeserialize(using = StrictBoolean.class) Boolean dryRun) {
    }

    /** Echoed in {@code operationDetails}: the request as normalised (flat source spec, defaults applied). */
    record Normalised(String name, String description, String customAudienceId, List<FieldOut> fields,
                      SourceSpecOut sourceSpec, int ttlInDays, String audienceType, String originName,
                      String namespace, List<String> labels, List<String> tags, boolean profileIngestion) {
    }

    record FieldOut(String name, String type, @JsonProperty("identityNs") String identityNs, List<String> labels) {
    }

    record SourceSpecOut(String path, String type, String sourceType, String cloudType, String baseConnectionId) {
    }
}
