package dev.extaudiences.testkit.http;

import static dev.extaudiences.testkit.http.Calls.assertError;
import static dev.extaudiences.testkit.http.Calls.createBody;
import static dev.extaudiences.testkit.http.Calls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** CONTRACT.md §1, {@code GET /external-audiences/operations/{operationId}} and its singular alias. */
public interface OperationRules extends Rules {

    List<String> OPERATION_PROPERTIES = List.of("operationId", "status", "operationDetails", "audienceName",
            "audienceId", "createdBy", "createdAt", "updatedBy", "updatedAt");

    @Test
    @Tag("required")
    @DisplayName("EA-OPS-01: an operation reads the same at /external-audiences/operations/{id} and /external-audience/operations/{id}, with every property of the contract")
    default void operationPaths() {
        String operationId = api().call("POST", "/external-audience/", createBody(unique("Polled"))).json()
                .path("operationId").asText();
        api().awaitOperation(operationId);

        ApiClient.Reply plural = api().call("GET", "/external-audiences/operations/" + operationId, null);
        ApiClient.Reply singular = api().call("GET", "/external-audience/operations/" + operationId, null);

        assertThat(plural.status()).as(plural.toString()).isEqualTo(200);
        assertThat(singular.status()).as(singular.toString()).isEqualTo(200);
        assertThat(singular.json()).as("the singular form answers as the plural one").isEqualTo(plural.json());
        JsonNode operation = plural.json();
        OPERATION_PROPERTIES.forEach(property ->
                assertThat(operation.has(property)).as("%s in %s", property, plural).isTrue());
        assertThat(operation.path("operationId").asText()).isEqualTo(operationId);
    }

    @Test
    @Tag("required")
    @DisplayName("EA-OPS-02: an operation id that does not exist is 404 100940-404 at both paths")
    default void unknownOperation() {
        for (String path : List.of("/external-audiences/operations/", "/external-audience/operations/")) {
            assertError(api().call("GET", path + "no-such-operation-" + unique("x").replace(' ', '-'), null), 404,
                    "100940-404");
        }
    }
}
