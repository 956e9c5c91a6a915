package dev.extaudiences.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Random sequences of API calls, run against the implementation and against a small reference model of the
 * contract; every observable answer (status, and the fields the model knows) must agree. On a disagreement the
 * sequence is shrunk by the property engine, and the failure lists the exchanges as curl commands.
 */
final class ModelCheck {

    /** One call of a sequence, on one of a few audience names so that calls meet each other. */
    sealed interface Command {
        int audience();
    }

    record Create(int audience) implements Command {
    }

    record PatchTtl(int audience, int ttl) implements Command {
    }

    record Delete(int audience) implements Command {
    }

    record StartRun(int audience) implements Command {
    }

    record ListRuns(int audience, int limit) implements Command {
    }

    record PeekFromOtherSandbox(int audience) implements Command {
    }

    static Gen<List<Command>> sequences() {
        Gen<Integer> audience = SourceDSL.integers().between(0, 2);
        Gen<Command> command = Generate.frequency(
                Pair.of(3, audience.map(a -> (Command) new Create(a))),
                Pair.of(2, audience.zip(SourceDSL.integers().between(-2, 95),
                        (a, t) -> (Command) new PatchTtl(a, t))),
                Pair.of(1, audience.map(a -> (Command) new Delete(a))),
                Pair.of(2, audience.map(a -> (Command) new StartRun(a))),
                Pair.of(2, audience.zip(SourceDSL.integers().between(0, 42),
                        (a, l) -> (Command) new ListRuns(a, l))),
                Pair.of(1, audience.map(a -> (Command) new PeekFromOtherSandbox(a))));
        return SourceDSL.lists().of(command).ofSizeBetween(1, 12);
    }

    /** What the model knows of one audience name. */
    private static final class Known {
        String id;
        boolean live;
        int ttl = 40;
        int runsStarted;
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
        String name = "model audience " + command.audience();
        if (command instanceof Create) {
            ApiClient.Reply reply = record(transcript, api.call("POST", "/external-audience/",
                    ApiConformance.createBody(name)));
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
            known.id = operation.path("audienceId").asText();
            known.live = true;
            known.ttl = 40;
            known.runsStarted = 0;
            return null;
        }
        if (known.id == null) {
            return null; // never created: the sequence has no id to call with
        }
        String path = "/external-audience/" + known.id;
        if (command instanceof PatchTtl patch) {
            ApiClient.Reply reply = record(transcript, api.call("PATCH", path, "{\"ttlInDays\": " + patch.ttl() + "}"));
            if (!known.live) {
                return expect(reply, 404);
            }
            if (patch.ttl() < 1 || patch.ttl() > 90) {
                return expect(reply, 400);
            }
            known.ttl = patch.ttl();
            String status = expect(reply, 200);
            return status != null ? status : field(reply, "ttlInDays", known.ttl);
        }
        if (command instanceof Delete) {
            ApiClient.Reply reply = record(transcript, api.call("DELETE", path, null));
            boolean wasLive = known.live;
            known.live = false;
            return expect(reply, wasLive ? 204 : 404);
        }
        if (command instanceof StartRun) {
            ApiClient.Reply reply = record(transcript, api.call("POST", path + "/runs",
                    "{\"dataFilterStartTime\": 1700000000}"));
            if (!known.live) {
                return expect(reply, 404);
            }
            if (reply.status() == 200) {
                known.runsStarted++;
                return null;
            }
            // a run of the same audience may still be in progress: the one refusal the contract allows here
            return reply.status() == 422 ? null : expect(reply, 200);
        }
        if (command instanceof ListRuns list) {
            ApiClient.Reply reply = record(transcript, api.call("GET", path + "/runs?limit=" + list.limit(), null));
            if (!known.live) {
                return expect(reply, 404);
            }
            if (list.limit() < 1 || list.limit() > 40) {
                return expect(reply, 400);
            }
            String status = expect(reply, 200);
            if (status != null) {
                return status;
            }
            int expectedCount = Math.min(list.limit(), known.runsStarted);
            if (reply.json().path("runs").size() != expectedCount) {
                return "runs holds " + reply.json().path("runs").size() + " runs, expected " + expectedCount;
            }
            return field(reply.json().path("_page"), "totalCount", known.runsStarted);
        }
        if (command instanceof PeekFromOtherSandbox) {
            return expect(record(transcript, other.call("GET", path + "/runs", null)), 404);
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private static ApiClient.Reply record(List<String> transcript, ApiClient.Reply reply) {
        transcript.add(reply.curl() + "\n    # answered " + reply.status());
        return reply;
    }

    private static String expect(ApiClient.Reply reply, int status) {
        return reply.status() == status ? null : "answered " + reply.status() + ", the model expects " + status
                + ": " + reply.text();
    }

    private static String field(ApiClient.Reply reply, String name, long expected) {
        return field(reply.json(), name, expected);
    }

    private static String field(JsonNode node, String name, long expected) {
        return node.path(name).asLong(Long.MIN_VALUE) == expected ? null
                : name + " is " + node.path(name) + ", the model expects " + expected;
    }

    private ModelCheck() {
    }
}
