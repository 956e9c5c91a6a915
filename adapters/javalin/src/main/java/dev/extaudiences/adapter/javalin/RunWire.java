package dev.extaudiences.adapter.javalin;

import static dev.extaudiences.adapter.javalin.Wire.seconds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RowPart;
import dev.extaudiences.core.run.RunCounts;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.Stage;
import dev.extaudiences.core.run.StageProgress;
import dev.extaudiences.core.run.StageStatus;

/** A run as the contract has it: its window, status, stages, counts and the rows it rejected. */
final class RunWire {

    private final ObjectMapper mapper;

    RunWire(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode run(IngestionRun run) {
        ObjectNode body = mapper.createObjectNode();
        body.put("audienceName", run.audienceName().value());
        body.put("audienceId", run.audienceId().value());
        body.put("runId", run.id().value());
        body.put("differentialIngestion", run.mode() == IngestionMode.DIFFERENTIAL);
        body.put("dataFilterStartTime", seconds(run.window().start()));
        if (run.window().end().isPresent()) {
            body.put("dataFilterEndTime", seconds(run.window().end().get()));
        } else {
            body.putNull("dataFilterEndTime");
        }
        body.put("createdAt", seconds(run.created().at()));
        body.put("createdBy", run.created().by().value());
        body.put("status", Wire.runStatus(run.status().kind()));
        if (run.isDryRun()) {
            // an extension: written only on a dry run, so that an applied run reads as the contract has it
            body.put("dryRun", true);
        }
        ArrayNode details = body.putArray("details");
        for (StageProgress stage : run.stages()) {
            ObjectNode detail = details.addObject();
            detail.put("stage", stage(stage.stage()));
            detail.put("status", stageStatus(stage.status()));
            detail.put("flowRunId", stage.flowRunId());
            stage.startedAt().ifPresent(at -> detail.put("startedAt", seconds(at)));
            stage.endedAt().ifPresent(at -> detail.put("endedAt", seconds(at)));
        }
        RunCounts counts = run.counts();
        ObjectNode metrics = body.putObject("metrics");
        metrics.put("files", counts.files());
        metrics.put("bytesRead", counts.bytesRead());
        metrics.put("rowsRead", counts.rowsRead());
        metrics.put("rowsRejected", counts.rowsRejected());
        metrics.put("rowsDuplicated", counts.rowsDuplicated());
        metrics.put("membersAdded", counts.membersAdded());
        metrics.put("membersUpdated", counts.membersUpdated());
        metrics.put("membersRemoved", counts.membersRemoved());
        // extensions: what the identity namespaces' rules did
        metrics.put("identitiesNormalised", counts.identities().normalised());
        metrics.put("identitiesRejected", counts.identities().rejected());
        metrics.put("identitiesCollapsed", counts.identities().collapsed());
        ArrayNode errors = body.putArray("errors");
        run.rejections().forEach(row -> {
            ObjectNode node = errors.addObject();
            node.put("file", row.file());
            node.put("line", row.line());
            node.put("column", column(row.part()));
            node.put("reason", row.reason());
        });
        run.failure().ifPresent(failure -> {
            ObjectNode node = body.putObject("failure");
            node.put("cause", cause(failure.cause()));
            node.put("reason", failure.reason());
        });
        return body;
    }

    static String stage(Stage stage) {
        return switch (stage) {
            case DATASET_INGEST -> "DATASET_INGEST";
            case PROFILE_STORE_INGEST -> "PROFILE_STORE_INGEST";
        };
    }

    static String stageStatus(StageStatus status) {
        return switch (status) {
            case PENDING -> "PENDING";
            case PROCESSING -> "PROCESSING";
            case SUCCESS -> "SUCCESS";
            case FAILED -> "FAILED";
            case SKIPPED -> "SKIPPED";
        };
    }

    static String cause(RunFailure.Cause cause) {
        return switch (cause) {
            case SOURCE_DATA -> "SOURCE_DATA";
            case DEPENDENCY -> "DEPENDENCY";
            case INTERRUPTED -> "INTERRUPTED";
            case CANCELLED -> "CANCELLED";
        };
    }

    /** The column a rejection names: the field's, or {@code *} for the row as a whole. */
    static String column(RowPart part) {
        return part instanceof RowPart.Column column ? column.field().value() : "*";
    }
}
