package dev.extaudiences.adapter.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.extaudiences.core.access.AccessVerdict;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps /openapi.json true: every route is documented, nothing documented is missing, every example validates. */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<HandlerType> METHODS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PATCH,
            HandlerType.DELETE, HandlerType.PUT);
    private static JsonNode document;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = JavalinApi.class.getResourceAsStream("/openapi.json")) {
            document = JSON.readTree(in);
        }
    }

    private static Set<String> registeredRoutes() {
        Javalin app = JavalinApi.create(TestUseCases.none(), TestUseCases.noWebhooks(),
                request -> new AccessVerdict.Denied(AccessVerdict.Denial.INVALID_TOKEN, "test"),
                new HttpSettings("127.0.0.1", 0, 1_048_576, () -> true), new ServerMetrics());
        Set<String> routes = new TreeSet<>();
        app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> METHODS.contains(endpoint.method))
                .forEach(endpoint -> routes.add(endpoint.method.name() + " " + endpoint.path));
        return routes;
    }

    private static Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return routes;
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndNothingElse() {
        assertThat(documentedRoutes()).isEqualTo(registeredRoutes());
    }

    @Test
    void itIsOpenApi31AndMarksEveryExtension() {
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            JsonNode tags = operation.getValue().get("tags");
            boolean contract = tags.toString().contains("Audiences") || tags.toString().contains("Runs");
            assertThat(operation.getValue().path("x-extension").asBoolean(false))
                    .as(operation.getKey() + " " + path.getKey()).isEqualTo(!contract);
        }));
    }

    @Test
    void everyOperationHasAUniqueCamelCaseOperationIdForClientGenerators() {
        List<String> ids = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            String id = operation.getValue().path("operationId").asText("");
            assertThat(id).as("operationId of " + operation.getKey() + " " + path.getKey())
                    .matches("[a-z][a-zA-Z0-9]*");
            ids.add(id);
        }));
        assertThat(ids).doesNotHaveDuplicates().hasSize(documentedRoutes().size());
    }

    @Test
    void itsServerIsRelativeSoThatItResolvesAgainstWhereverTheDocumentIsServed() {
        JsonNode servers = document.get("servers");
        assertThat(servers).hasSize(1);
        assertThat(servers.get(0).get("url").asText()).isEqualTo("/");
    }

    @Test
    void everyExampleValidatesAgainstItsSchema() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (var path : iterable(document.get("paths").fields())) {
            for (var operation : iterable(path.getValue().fields())) {
                String where = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                JsonNode body = operation.getValue().path("requestBody").path("content").path("application/json");
                if (!body.isMissingNode()) {
                    checked += check(where + " request", body, failures);
                }
                for (var response : iterable(operation.getValue().path("responses").fields())) {
                    JsonNode content = response.getValue().path("content").path("application/json");
                    if (!content.isMissingNode() && content.has("example")) {
                        checked += check(where + " " + response.getKey(), content, failures);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThan(30);
    }

    private static int check(String where, JsonNode content, List<String> failures) {
        if (!content.has("example")) {
            failures.add(where + ": has no example");
            return 0;
        }
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(standalone(content.get("schema")), InputFormat.JSON);
        var errors = schema.validate(content.get("example").toString(), InputFormat.JSON);
        errors.forEach(error -> failures.add(where + ": " + error));
        return 1;
    }

    /** The schema with the document's component schemas as $defs, so that its references resolve on their own. */
    private static String standalone(JsonNode schema) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("$defs", document.get("components").get("schemas"));
        root.set("allOf", JSON.createArrayNode().add(schema));
        return root.toString().replace("#/components/schemas/", "#/$defs/");
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
