package dev.extaudiences.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Random sequences of API calls, run against the implementation and against a small reference model of the
 * contract; every observable answer (status, and the properties the model knows) must agree. On a disagreement the
 * sequence is shrunk by the property engine, and the failure lists the exchanges as curl commands.
 */
final class ModelCheck {

    private static final List<String> FIELDS = List.of("email", "tier", "ghost");
    private static final List<String> FORBIDDEN = List.of("name", "originName", "customAudienceId", "sourceSpec",
            "audienceType");
    /** 2001-09-09 in milliseconds: the first time with 13 digits (a 12-digit value would be read as seconds). */
    private static final String SEPTEMBER_2001_MS = "1000000000000";
    private static final List<List<String>> LABEL_SETS = List.of(List.of(), List.of("core/C1"),
            List.of("core/C2", "custom/deep"), List.of("core/C9"));

    /** One call of a sequence, on one of a few audience names so that calls meet each other. */
    sealed interface Command {
        int audience();
    }

    record Create(int audience) implements Command {
    }

    record PatchTtl(int audience, int ttl) implements Command {
    }

    record PatchDescription(int audience, String description) implements Command {
    }

    record PatchLabels(int audience, List<String> labels) implements Command {
    }

    /** Field-level labels on one field; {@code ghost} is a field no audience has. */
    record PatchFieldLabels(int audience, String field, List<String> labels) implements Command {
    }

    /** A PATCH of a property that may not change, alongside a TTL that would be valid: nothing may change. */
    record PatchForbidden(int audience, String property) implements Command {
    }

    record Delete(int audience) implements Command {
    }

    record StartRun(int audience, boolean withStartTime) implements Command {
    }

    record ListRuns(int audience, int limit) implements Command {
    }

    /** A runs list filtered to runs created before September 2001 (none) or after it (all). */
    record ListRunsByTime(int audience, boolean beforeAll) implements Command {
    }

    record PeekFromOtherSandbox(int audience, String method) implements Command {
    }

    static Gen<List<Command>> sequences() {
        Gen<Integer> audience = SourceDSL.integers().between(0, 2);
        Gen<List<String>> labels = Generate.pick(LABEL_SETS);
        Gen<Command> command = Generate.frequency(List.of(
                Pair.of(4, audience.map(a -> (Command) new Create(a))),
                Pair.of(2, audience.zip(SourceDSL.integers().between(-2, 95), (a, t) -> (Command) new PatchTtl(a, t))),
                Pair.of(1, audience.zip(Generate.pick(List.of("", "gold", "silver members")),
                        (a, d) -> (Command) new PatchDescription(a, d))),
                Pair.of(1, audience.zip(labels, (a, l) -> (Command) new PatchLabels(a, l))),
                Pair.of(1, audience.zip(Generate.pick(FIELDS), labels,
                        (a, f, l) -> (Command) new PatchFieldLabels(a, f, l))),
                Pair.of(1, audience.zip(Generate.pick(FORBIDDEN), (a, p) -> (Command) new PatchForbidden(a, p))),
                Pair.of(1, audience.map(a -> (Command) new Delete(a))),
                Pair.of(2, audience.zip(SourceDSL.booleans().all(), (a, s) -> (Command) new StartRun(a, s))),
                Pair.of(2, audience.zip(SourceDSL.integers().between(0, 42), (a, l) -> (Command) new ListRuns(a, l))),
                Pair.of(1, audience.zip(SourceDSL.booleans().all(), (a, b) -> (Command) new ListRunsByTime(a, b))),
                Pair.of(1, audience.zip(Generate.pick(List.of("GET", "PATCH", "DELETE", "POST")),
                        (a, m) -> (Command) new PeekFromOtherSandbox(a, m)))));
        return SourceDSL.lists().of(command).ofSizeBetween(1, 12);
    }

    /** What the model knows of one audience name. */
    private static final class Known {
        String id;
        boolean live;
        int ttl;
        String description;
        List<String> labels;
        final Map<String, List<String>> fieldLabels = new LinkedHashMap<>();
        int runsStarted;

        void created(String audienceId) {
            id = audienceId;
            live = true;
            ttl = 40;
            description = null;
            labels = List.of("core/C1");
            fieldLabels.clear();
            fieldLabels.put("email", List.of());
            fieldLabels.put("tier", List.of("core/C2"));
            runsStarted = 0;
        }
    }

    /** Runs a sequence in a sandbox of its own; answers null when every answer agreed, or the transcript when not. */
    static String disagreement(ApiClient base, List<Command> commands) {
        String sandbox = "model-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient api = new ApiClient(base.target().inSandbox(sandbox));
        ApiClient other = new ApiClient(base.target().inSandbox(sandbox + "-other"));
        Map<Integer, Known> model = new HashMap<>();
        List<String> transcript = new ArrayList<>();
        for (Command command : commands) {
            Known known = model.computeIfAbsent(command.audience(), a -> new Known());
            String problem = step(api, other, command, known, transcript);
            if (problem != null) {
                transcript.add("DISAGREES: " + problem);
                return String.join("\n", transcript);
            }
        }
        return null;
    }

    private static String step(ApiClient api, ApiClient other, Command command, Known known, List<String> transcript) {
        if (command instanceof Create) {
            return create(api, command.audience(), known, transcript);
        }
        if (known.id == null) {
            return null; // never created: the sequence has no id to call with
        }
        String path = Calls.audiencePath(known.id);
        if (command instanceof PatchTtl patch) {
            boolean valid = patch.ttl() >= 1 && patch.ttl() <= 90;
            return patch(api, path, "{\"ttlInDays\": " + patch.ttl() + "}", valid, known,
                    () -> known.ttl = patch.ttl(), transcript);
        }
        if (command instanceof PatchDescription patch) {
            return patch(api, path, "{\"description\": \"" + patch.description() + "\"}", true, known,
                    () -> known.description = patch.description(), transcript);
        }
        if (command instanceof PatchLabels patch) {
            return patch(api, path, "{\"labels\": " + json(patch.labels()) + "}", true, known,
                    () -> known.labels = patch.labels(), transcript);
        }
        if (command instanceof PatchFieldLabels patch) {
            return patch(api, path, "{\"fields\": [{\"name\": \"" + patch.field() + "\", \"labels\": "
                    + json(patch.labels()) + "}]}", known.fieldLabels.containsKey(patch.field()), known,
                    () -> known.fieldLabels.put(patch.field(), patch.labels()), transcript);
        }
        if (command instanceof PatchForbidden patch) {
            return patch(api, path, "{\"ttlInDays\": 7, \"" + patch.property() + "\": \"changed\"}", false, known,
                    () -> { }, transcript);
        }
        if (command instanceof Delete) {
            ApiClient.Reply reply = record(transcript, api.call("DELETE", path, null));
            boolean wasLive = known.live;
            known.live = false;
            return expect(reply, wasLive ? 204 : 404);
        }
        if (command instanceof StartRun start) {
            return startRun(api, path, start, known, transcript);
        }
        if (command instanceof ListRuns list) {
            return listRuns(api, path, list, known, transcript);
        }
        if (command instanceof ListRunsByTime list) {
            ApiClient.Reply reply = record(transcript, api.call("GET", path + "/runs?property=createdAt"
                    + (list.beforeAll() ? "<" : ">=") + SEPTEMBER_2001_MS, null));
            String status = expect(reply, known.live ? 200 : 404);
            if (status != null || !known.live) {
                return status;
            }
            return field(reply.json().path("_page"), "totalCount", list.beforeAll() ? 0 : known.runsStarted);
        }
        if (command instanceof PeekFromOtherSandbox peek) {
            String body = peek.method().equals("GET") || peek.method().equals("DELETE") ? null
                    : peek.method().equals("PATCH") ? "{\"ttlInDays\": 3}" : Calls.RUN_FROM_2023;
            String where = peek.method().equals("GET") || peek.method().equals("POST") ? path + "/runs" : path;
            return expect(record(transcript, other.call(peek.method(), where, body)), 404);
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private static String create(ApiClient api, int audience, Known known, List<String> transcript) {
        ApiClient.Reply reply = record(transcript, api.call("POST", "/external-audience/",
                Calls.createBody("model audience " + audience)));
        if (known.live) {
            return expect(reply, 409);
        }
        if (reply.status() != 202) {
            return expect(reply, 202);
        }
        JsonNode operation = api.awaitOperation(reply.json().path("operationId").asText());
        if (!operation.path("status").asText().equals("SUCCESS")) {
            return "the create operation ended " + operation.path("status").asText() + ", expected SUCCESS";
        }
        known.created(operation.path("audienceId").asText());
        return null;
    }

    /** A PATCH is all or nothing: when valid it is applied and answered 200 with the whole audience, else 400. */
    private static String patch(ApiClient api, String path, String body, boolean valid, Known known, Runnable apply,
                                List<String> transcript) {
        ApiClient.Reply reply = record(transcript, api.call("PATCH", path, body));
        if (!known.live) {
            return valid ? expect(reply, 404) : expectEither(reply, 400, 404);
        }
        if (!valid) {
            return expect(reply, 400);
        }
        apply.run();
        String status = expect(reply, 200);
        return status != null ? status : audienceAgrees(reply.json(), known);
    }

    private static String audienceAgrees(JsonNode audience, Known known) {
        List<String> problems = new ArrayList<>();
        if (audience.path("ttlInDays").asInt() != known.ttl) {
            problems.add("ttlInDays is " + audience.path("ttlInDays") + ", the model expects " + known.ttl);
        }
        String description = audience.path("description").isTextual() ? audience.path("description").asText() : null;
        boolean sameDescription = known.description == null || known.description.isEmpty()
                ? description == null || description.isEmpty() : known.description.equals(description);
        if (!sameDescription) {
            problems.add("description is " + audience.path("description") + ", the model expects '"
                    + known.description + "'");
        }
        if (!audience.path("labels").toString().equals(json(known.labels))) {
            problems.add("labels are " + audience.path("labels") + ", the model expects " + json(known.labels));
        }
        for (JsonNode field : audience.path("fields")) {
            List<String> expected = known.fieldLabels.get(field.path("name").asText());
            String actual = field.path("labels").isMissingNode() ? "[]" : field.path("labels").toString();
            if (expected != null && !actual.equals(json(expected))) {
                problems.add("field " + field.path("name").asText() + " has labels " + actual
                        + ", the model expects " + json(expected));
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static String startRun(ApiClient api, String path, StartRun start, Known known, List<String> transcript) {
        ApiClient.Reply reply = record(transcript, api.call("POST", path + "/runs",
                start.withStartTime() ? Calls.RUN_FROM_2023 : "{\"differentialIngestion\": false}"));
        if (!known.live) {
            return start.withStartTime() ? expect(reply, 404) : expectEither(reply, 400, 404);
        }
        if (!start.withStartTime()) {
            return expect(reply, 400);
        }
        if (reply.status() == 200) {
            known.runsStarted++;
            return null;
        }
        // a run of the same audience may still be in progress: the one refusal the contract allows here
        return reply.status() == 422 ? null : expect(reply, 200);
    }

    private static String listRuns(ApiClient api, String path, ListRuns list, Known known, List<String> transcript) {
        ApiClient.Reply reply = record(transcript, api.call("GET", path + "/runs?limit=" + list.limit(), null));
        boolean validLimit = list.limit() >= 1 && list.limit() <= 40;
        if (!known.live) {
            return validLimit ? expect(reply, 404) : expectEither(reply, 400, 404);
        }
        if (!validLimit) {
            return expect(reply, 400);
        }
        String status = expect(reply, 200);
        if (status != null) {
            return status;
        }
        int expectedCount = Math.min(list.limit(), known.runsStarted);
        if (reply.json().path("runs").size() != expectedCount) {
            return "runs holds " + reply.json().path("runs").size() + " runs, the model expects " + expectedCount;
        }
        return field(reply.json().path("_page"), "totalCount", known.runsStarted);
    }

    private static String json(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static ApiClient.Reply record(List<String> transcript, ApiClient.Reply reply) {
        transcript.add(reply.curl() + "\n    # answered " + reply.status());
        return reply;
    }

    private static String expect(ApiClient.Reply reply, int status) {
        return reply.status() == status ? null : "answered " + reply.status() + ", the model expects " + status
                + ": " + reply.text();
    }

    /** A call both invalid and about a missing audience: the contract does not say which check comes first. */
    private static String expectEither(ApiClient.Reply reply, int status, int orStatus) {
        return reply.status() == status || reply.status() == orStatus ? null : "answered " + reply.status()
                + ", the model expects " + status + " or " + orStatus + ": " + reply.text();
    }

    private static String field(JsonNode node, String name, long expected) {
        return node.path(name).asLong(Long.MIN_VALUE) == expected ? null
                : name + " is " + node.path(name) + ", the model expects " + expected;
    }

    private ModelCheck() {
    }
}
