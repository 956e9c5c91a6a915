package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertError;
import static dev.extaudiences.testkit.http.Calls.assertErrorNaming;
import static dev.extaudiences.testkit.http.Calls.assertErrorNamingOneOf;
import static dev.extaudiences.testkit.http.Calls.createBody;
import static dev.extaudiences.testkit.http.Calls.createdAudience;
import static dev.extaudiences.testkit.http.Calls.createdAudienceFrom;
import static dev.extaudiences.testkit.http.Calls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** CONTRACT.md §1, create request and operation status: {@code POST /external-audience/}. */
public interface CreateRules extends Rules {

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-01: a create request shaped like the guide's sample is 202 with an operationId and the request normalised")
    default void createAccepted() {
        ApiClient.Reply accepted = api().call("POST", "/external-audience/", createBody(unique("Create")));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().path("operationId").asText()).as(accepted.toString()).isNotBlank();
        assertThat(accepted.json().path("operationDetails").path("ttlInDays").asInt()).as(accepted.toString())
                .isEqualTo(40);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-02: the create operation ends SUCCESS with the audience id, the name, epoch-second timestamps and the creator")
    default void operationSucceeds() {
        String name = unique("Operation");
        ApiClient.Reply accepted = api().call("POST", "/external-audience/", createBody(name));
        JsonNode operation = api().awaitOperation(accepted.json().path("operationId").asText());

        assertThat(operation.path("status").asText()).as(operation.toString()).isEqualTo("SUCCESS");
        assertThat(operation.path("audienceId").asText()).as(operation.toString()).isNotBlank();
        assertThat(operation.path("audienceName").asText()).as(operation.toString()).isEqualTo(name);
        assertThat(operation.path("createdBy").asText()).as(operation.toString()).isNotBlank();
        for (String stamp : List.of("createdAt", "updatedAt")) {
            assertThat(operation.path(stamp).asLong()).as("%s in epoch seconds, in %s", stamp, operation)
                    .isBetween(1_500_000_000L, 9_999_999_999L);
        }
    }

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-03: a duplicate name in the same sandbox is 409 100950-409 (DUPLICATE_RESOURCE)")
    default void duplicateName() {
        String name = unique("Twice");
        createdAudience(api(), name);

        assertError(api().call("POST", "/external-audience/", createBody(name)), 409, "100950-409");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-04: ttlInDays outside 1..90, or not a whole number, is 400 100910-400 naming ttlInDays")
    default void ttlBounds() {
        for (String ttl : List.of("0", "91", "40.5")) {
            assertErrorNaming(api().call("POST", "/external-audience/", createBody(unique("Ttl"))
                    .replace("\"ttlInDays\": \"40\"", "\"ttlInDays\": " + ttl)), 400, "100910-400", "ttlInDays");
        }
    }

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-05: the create path works with and without its trailing slash")
    default void createPathForms() {
        ApiClient.Reply withoutSlash = api().call("POST", "/external-audience", createBody(unique("Slashless")));

        assertThat(withoutSlash.status()).as(withoutSlash.toString()).isEqualTo(202);
        assertThat(api().awaitOperation(withoutSlash.json().path("operationId").asText()).path("status").asText())
                .isEqualTo("SUCCESS");
    }

    /**
     * Each case names the words a detail may use for what was wrong: the property itself, or where the contract's
     * wording leaves room, the property it belongs to or the value that was wrong (either is accepted).
     */
    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-06: a structurally invalid create request is 400 100910-400 whose detail names what was wrong")
    default void invalidRequests() {
        String valid = createBody(unique("Invalid"));
        Map<List<String>, String> invalid = Map.of(
                List.of("name"), valid.replaceFirst("\"name\": \"[^\"]*\"", "\"name\": \"  \""),
                List.of("fields"), valid.replaceFirst("\"fields\": \\[[^]]*][^]]*]", "\"fields\": []"),
                List.of("identityNs", "identity", "fields"), valid.replace(", \"identityNs\": \"email\"", ""),
                List.of("type", "varchar"), valid.replace("\"type\": \"string\", \"identityNs\"",
                        "\"type\": \"varchar\", \"identityNs\""),
                List.of("path"), valid.replace("conformance/no-such-file.csv", "conformance/no such file.csv"),
                List.of("baseConnectionId", "connection"), valid.replace("\"type\": \"file\"}",
                        "\"type\": \"file\", \"cloudType\": \"S3\"}"),
                List.of("originName"), valid.replace(", \"originName\": \"CUSTOM_UPLOAD\"", ""),
                List.of("sourceSpec"), valid.replaceFirst("\"sourceSpec\": \\{\"params\": \\{[^}]*}},", ""));
        invalid.forEach((named, body) -> {
            assertThat(body).as("the kit's own %s case", named).isNotEqualTo(valid);
            assertErrorNamingOneOf(api().call("POST", "/external-audience/", body), 400, "100910-400", named);
        });
    }

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-07: a customAudienceId already used in the sandbox is 409 100950-409")
    default void duplicateCustomId() {
        String customId = unique("custom").replace(' ', '-');
        String first = createBody(unique("Custom")).replace("\"fields\"", "\"customAudienceId\": \"" + customId
                + "\", \"fields\"");
        createdAudienceFrom(api(), first);

        assertError(api().call("POST", "/external-audience/", first.replaceFirst("\"name\": \"[^\"]*\"",
                "\"name\": \"" + unique("Custom") + "\"")), 409, "100950-409");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-08: a flat sourceSpec is accepted, and the defaults are ttlInDays 30, audienceType people, namespace CustomerAudienceUpload, cloudType DLZ (when the answer shows one)")
    default void flatFormAndDefaults() {
        String id = createdAudienceFrom(api(), """
                {"name": "%s", "fields": [{"name": "crmId", "type": "string", "identityNs": "crmId"}],
                 "sourceSpec": {"path": "conformance/flat.csv", "type": "file"}, "originName": "CUSTOM_UPLOAD"}
                """.formatted(unique("Defaults")));

        JsonNode audience = api().call("PATCH", Calls.audiencePath(id), "{}").json();
        assertThat(audience.path("ttlInDays").asInt()).as(audience.toString()).isEqualTo(30);
        assertThat(audience.path("audienceType").asText()).as(audience.toString()).isEqualTo("people");
        assertThat(audience.path("namespace").asText()).as(audience.toString()).isEqualTo("CustomerAudienceUpload");
        assertThat(audience.path("sourceSpec").findValuesAsText("path")).as(audience.toString())
                .containsExactly("conformance/flat.csv");
        // the contract gives the default, not whether the answer spells it out: DLZ, or nothing, is accepted
        assertThat(audience.path("sourceSpec").findValuesAsText("cloudType")).as(audience.toString())
                .isSubsetOf("DLZ");
    }

    @Test
    @Tag("required")
    @DisplayName("EA-CREATE-09: a baseConnectionId that names no connection is accepted, and its operation ends FAILED with a reason")
    default void unknownConnection() {
        ApiClient.Reply accepted = api().call("POST", "/external-audience/", createBody(unique("Nowhere"))
                .replace("\"type\": \"file\"}", "\"type\": \"file\", \"baseConnectionId\": \"no-such-connection-"
                        + unique("c").replace(' ', '-') + "\"}"));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode operation = api().awaitOperation(accepted.json().path("operationId").asText());
        assertThat(operation.path("status").asText()).as(operation.toString()).isEqualTo("FAILED");
    }
}
