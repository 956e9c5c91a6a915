package dev.extaudiences.adapter.jdbi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.audience.AudienceName;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.run.IdentityMatches;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RejectedRow;
import dev.extaudiences.core.run.RowPart;
import dev.extaudiences.core.run.RunCounts;
import dev.extaudiences.core.run.RunEffect;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.run.RunWindow;
import dev.extaudiences.core.run.Stage;
import dev.extaudiences.core.run.StageProgress;
import dev.extaudiences.core.run.StageStatus;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.ArrayList;
import java.util.List;

/** Ingestion runs to and from their stored JSON bodies. */
final class RunCodec {

    private static final String WHOLE_ROW = "*";

    private RunCodec() {
    }

    static String encode(IngestionRun run) {
        ObjectNode body = Json.object();
        body.put("audienceName", run.audienceName().value());
        Json.putInstant(body, "windowStart", run.window().start());
        run.window().end().ifPresent(end -> Json.putInstant(body, "windowEnd", end));
        body.put("mode", run.mode().name());
        if (run.isDryRun()) {
            // absent on an applied run: every run stored before dry runs existed reads back as one
            body.put("dryRun", true);
        }
        AudienceCodec.stamp(body, "created", run.created());
        body.put("status", StoredStatus.of(run.status().kind()));
        if (run.status() instanceof RunStatus.Succeeded succeeded) {
            Json.putInstant(body, "endedAt", succeeded.at());
        } else if (run.status() instanceof RunStatus.Failed failed) {
            Json.putInstant(body, "endedAt", failed.at());
            body.put("failureCause", failed.failure().cause().name());
            body.put("failureReason", failed.failure().reason());
        }
        ArrayNode stages = body.putArray("stages");
        for (StageProgress progress : run.stages()) {
            ObjectNode stage = stages.addObject();
            stage.put("stage", progress.stage().name());
            stage.put("status", progress.status().name());
            stage.put("flowRunId", progress.flowRunId());
            progress.startedAt().ifPresent(at -> Json.putInstant(stage, "startedAt", at));
            progress.endedAt().ifPresent(at -> Json.putInstant(stage, "endedAt", at));
        }
        RunCounts counts = run.counts();
        ObjectNode countsNode = body.putObject("counts");
        countsNode.put("files", counts.files());
        countsNode.put("bytesRead", counts.bytesRead());
        countsNode.put("rowsRead", counts.rowsRead());
        countsNode.put("rowsRejected", counts.rowsRejected());
        countsNode.put("rowsDuplicated", counts.rowsDuplicated());
        countsNode.put("membersAdded", counts.membersAdded());
        countsNode.put("membersUpdated", counts.membersUpdated());
        countsNode.put("membersRemoved", counts.membersRemoved());
        if (!counts.identities().equals(IdentityMatches.NONE)) {
            // absent reads as none: a run the identity rules did nothing to is stored as it always was
            countsNode.put("identitiesNormalised", counts.identities().normalised());
            countsNode.put("identitiesRejected", counts.identities().rejected());
        }
        ArrayNode rejections = body.putArray("rejections");
        for (RejectedRow row : run.rejections()) {
            ObjectNode node = rejections.addObject();
            node.put("file", row.file());
            node.put("line", row.line());
            node.put("column", storedColumn(row.part()));
            node.put("reason", row.reason());
        }
        return Json.write(body);
    }

    static IngestionRun decode(TenantScope scope, String runId, String audienceId, String text) {
        JsonNode body = Json.read(text);
        RunStatus status = switch (StoredStatus.runKind(body.get("status").asText())) {
            case PROCESSING -> new RunStatus.Processing();
            case SUCCEEDED -> new RunStatus.Succeeded(Json.instant(body, "endedAt"));
            case FAILED -> new RunStatus.Failed(Json.instant(body, "endedAt"), new RunFailure(
                    RunFailure.Cause.valueOf(body.get("failureCause").asText()), body.get("failureReason").asText()));
        };
        List<StageProgress> stages = new ArrayList<>();
        body.get("stages").forEach(stage -> stages.add(new StageProgress(Stage.valueOf(stage.get("stage").asText()),
                StageStatus.valueOf(stage.get("status").asText()), stage.get("flowRunId").asText(),
                Json.optionalInstant(stage, "startedAt"), Json.optionalInstant(stage, "endedAt"))));
        JsonNode counts = body.get("counts");
        return new IngestionRun(new RunId(runId), scope, new AudienceId(audienceId),
                new AudienceName(body.get("audienceName").asText()),
                new RunWindow(Json.instant(body, "windowStart"), Json.optionalInstant(body, "windowEnd")),
                IngestionMode.valueOf(body.get("mode").asText()), AudienceCodec.stamp(body, "created"), status, stages,
                // bytesRead came after the first stored runs, which read back as having counted none
                new RunCounts(counts.get("files").asLong(), counts.path("bytesRead").asLong(0),
                        counts.get("rowsRead").asLong(),
                        counts.get("rowsRejected").asLong(), counts.path("rowsDuplicated").asLong(0),
                        counts.get("membersAdded").asLong(), counts.get("membersUpdated").asLong(),
                        counts.get("membersRemoved").asLong(),
                        // identity matches came after the first stored runs, which read back as having none
                        new IdentityMatches(counts.path("identitiesNormalised").asLong(0),
                                counts.path("identitiesRejected").asLong(0))), rejections(body.path("rejections")),
                body.path("dryRun").asBoolean(false) ? RunEffect.DRY_RUN : RunEffect.APPLY);
    }

    private static List<RejectedRow> rejections(JsonNode array) {
        List<RejectedRow> rows = new ArrayList<>();
        array.forEach(node -> rows.add(new RejectedRow(node.get("file").asText(), node.get("line").asLong(),
                part(node.get("column").asText()), node.get("reason").asText())));
        return rows;
    }

    /** Stored as the API shows it: the field's name, or {@code *} for the row as a whole. */
    private static String storedColumn(RowPart part) {
        return part instanceof RowPart.Column column ? column.field().value() : WHOLE_ROW;
    }

    private static RowPart part(String stored) {
        return stored.equals(WHOLE_ROW) ? RowPart.WHOLE_ROW : RowPart.column(new FieldName(stored));
    }
}
