package dev.extaudiences.adapter.javalin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The request bodies as the wire has them, with the contract's structural rules as constraints. Unknown properties are
 * ignored on create, as the public service does. The domain re-checks every rule when the body becomes a command.
 */
final class Bodies {

    private Bodies() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateAudience(
            @NotBlank @Size(max = 256) String name,
            @Size(max = 4096) String description,
            @Size(min = 1, max = 256) String customAudienceId,
            @NotEmpty @Size(max = 100) List<@NotNull @Valid FieldBody> fields,
            @NotNull @Valid SourceSpec sourceSpec,
            @Min(1) @Max(90) Integer ttlInDays,
            String audienceType,
            @NotBlank String originName,
            String namespace,
            List<@NotBlank String> labels,
            List<@NotBlank String> tags,
            Boolean profileIngestion) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FieldBody(
            @NotBlank @Size(max = 256) String name,
            @NotBlank String type,
            @Size(min = 1, max = 128) String identityNs,
            List<@NotBlank String> labels) {
    }

    /** Accepted flat and wrapped in {@code params}: both forms appear in the public guide. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SourceSpec(
            @Valid SourceParams params,
            @Pattern(regexp = "\\S+", message = "must not contain spaces") String path,
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
            @Pattern(regexp = "\\S+", message = "must not contain spaces") String path,
            String type,
            String sourceType,
            String cloudType,
            String baseConnectionId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StartRun(
            @NotNull @Min(0) Long dataFilterStartTime,
            @Min(0) Long dataFilterEndTime,
            Boolean differentialIngestion) {
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
