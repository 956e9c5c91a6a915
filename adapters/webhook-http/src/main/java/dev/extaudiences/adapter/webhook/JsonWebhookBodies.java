package dev.extaudiences.adapter.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationStatus;
import dev.extaudiences.core.port.out.WebhookBodies;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunCounts;
import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.webhook.EventType;
import dev.extaudiences.core.webhook.WebhookEvent;

/**
 * Events as JSON, in the API's own words: statuses as the API answers them ({@code SUCCESS}, {@code FAILED}), times
 * in epoch seconds, and links that are the API's paths of the run, the operation and the audience, so that a
 * receiver fetches the whole resource from where it already calls.
 *
 * <pre>{@code
 * {"id":"...","type":"run.ended","createdAt":1765000000,"orgId":"...","sandboxName":"prod",
 *  "data":{"audienceId":"...","runId":"...","status":"SUCCESS","metrics":{...},
 *          "_links":{"run":{"href":"/data/core/ais/external-audience/A/runs/R"},"audience":{"href":"..."}}}}
 * }</pre>
 */
public final class JsonWebhookBodies implements WebhookBodies {

    /** Where the API lives, as its links are written. */
    public static final String API_BASE = "/data/core/ais";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The name receivers see for an event type, in the body and the event-type header. */
    public static String typeName(EventType type) {
        switch (type) {
            case OPERATION_ENDED:
                return "operation.ended";
            case RUN_ENDED:
                return "run.ended";
            default:
                throw new IllegalArgumentException("no name for " + type);
        }
    }

    @Override
    public String render(WebhookEvent event) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", event.id().value());
        root.put("type", typeName(event.type()));
        root.put("createdAt", event.at().getEpochSecond());
        root.put("orgId", event.scope().orgId());
        root.put("sandboxName", event.scope().sandboxName());
        ObjectNode data = root.putObject("data");
        if (event.subject() instanceof WebhookEvent.OperationEnded ended) {
            operation(data, ended.operation());
        } else {
            run(data, ((WebhookEvent.RunEnded) event.subject()).run());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a tree of strings and numbers could not be written", impossible);
        }
    }

    private static void operation(ObjectNode data, Operation operation) {
        data.put("operationId", operation.id().value());
        data.put("audienceName", operation.request().name().value());
        ObjectNode links = MAPPER.createObjectNode();
        links.putObject("operation").put("href", API_BASE + "/external-audiences/operations/" + operation.id().value());
        if (operation.status() instanceof OperationStatus.Succeeded succeeded) {
            data.put("status", "SUCCESS");
            data.put("audienceId", succeeded.audienceId().value());
            links.putObject("audience").put("href", API_BASE + "/external-audience/" + succeeded.audienceId().value());
        } else {
            data.put("status", "FAILED");
            data.put("reason", ((OperationStatus.Failed) operation.status()).reason());
        }
        data.put("updatedAt", operation.updated().at().getEpochSecond());
        data.set("_links", links);
    }

    private static void run(ObjectNode data, IngestionRun run) {
        String audience = API_BASE + "/external-audience/" + run.audienceId().value();
        data.put("audienceId", run.audienceId().value());
        data.put("audienceName", run.audienceName().value());
        data.put("runId", run.id().value());
        if (run.status() instanceof RunStatus.Succeeded succeeded) {
            data.put("status", "SUCCESS");
            data.put("endedAt", succeeded.at().getEpochSecond());
        } else {
            RunStatus.Failed failed = (RunStatus.Failed) run.status();
            data.put("status", "FAILED");
            data.put("endedAt", failed.at().getEpochSecond());
            data.put("reason", failed.failure().reason());
        }
        RunCounts counts = run.counts();
        ObjectNode metrics = data.putObject("metrics");
        metrics.put("files", counts.files());
        metrics.put("bytesRead", counts.bytesRead());
        metrics.put("rowsRead", counts.rowsRead());
        metrics.put("rowsRejected", counts.rowsRejected());
        metrics.put("rowsDuplicated", counts.rowsDuplicated());
        metrics.put("membersAdded", counts.membersAdded());
        metrics.put("membersUpdated", counts.membersUpdated());
        metrics.put("membersRemoved", counts.membersRemoved());
        ObjectNode links = data.putObject("_links");
        links.putObject("run").put("href", audience + "/runs/" + run.id().value());
        links.putObject("audience").put("href", audience);
    }
}
