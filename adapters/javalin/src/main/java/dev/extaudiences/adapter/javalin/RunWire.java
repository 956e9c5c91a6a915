package dev.extaudiences.adapter.javalin;

import static dev.extaudiences.adapter.javalin.Wire.seconds;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.extaudiences.core.run.IngestionMode;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RejectedRow;
import dev.extaudiences.core.run.RowPart;
import dev.extaudiences.core.run.RunCounts;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.Stage;
import dev.extaudiences.core.run.StageProgress;
import dev.extaudiences.core.run.StageStatus;
import java.io.IOException;

/** A run as the contract has it: its window, status, stages, counts and the rows it rejected. */
final class RunWire {

    /** The run as the contract has it, written to {@code json}. */
    void write(JsonGenerator json, IngestionRun run) throws IOException {
        json.writeStartObject();
        json.writeStringField("audienceName", run.audienceName().value());
        json.writeStringField("audienceId", run.audienceId().value());
        json.writeStringField("runId", run.id().value());
        json.writeBooleanField("differentialIngestion", run.mode() == IngestionMode.DIFFERENTIAL);
        json.writeNumberField("dataFilterStartTime", seconds(run.window().start()));
        if (run.window().end().isPresent()) {
            json.writeNumberField("dataFilterEndTime", seconds(run.window().end().get()));
        } else {
            json.writeNullField("dataFilterEndTime");
        }
        json.writeNumberField("createdAt", seconds(run.created().at()));
        json.writeStringField("createdBy", run.created().by().value());
        json.writeStringField("status", Wire.runStatus(run.status().kind()));
        if (run.isDryRun()) {
            // an extension: written only on a dry run, so that an applied run reads as the contract has it
            json.writeBooleanField("dryRun", true);
        }
        json.writeArrayFieldStart("details");
        for (StageProgress stage : run.stages()) {
            json.writeStartObject();
            json.writeStringField("stage", stage(stage.stage()));
            json.writeStringField("status", stageStatus(stage.status()));
            json.writeStringField("flowRunId", stage.flowRunId());
            if (stage.startedAt().isPresent()) {
                json.writeNumberField("startedAt", seconds(stage.startedAt().get()));
            }
            if (stage.endedAt().isPresent()) {
                json.writeNumberField("endedAt", seconds(stage.endedAt().get()));
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        RunCounts counts = run.counts();
        json.writeObjectFieldStart("metrics");
        json.writeNumberField("files", counts.files());
        json.writeNumberField("bytesRead", counts.bytesRead());
        json.writeNumberField("rowsRead", counts.rowsRead());
        json.writeNumberField("rowsRejected", counts.rowsRejected());
        json.writeNumberField("rowsDuplicated", counts.rowsDuplicated());
        json.writeNumberField("membersAdded", counts.membersAdded());
        json.writeNumberField("membersUpdated", counts.membersUpdated());
        json.writeNumberField("membersRemoved", counts.membersRemoved());
        // extensions: the merge's progress, and what the identity namespaces' rules did
        json.writeNumberField("membersWritten", counts.membersWritten());
        json.writeNumberField("identitiesNormalised", counts.identities().normalised());
        json.writeNumberField("identitiesRejected", counts.identities().rejected());
        json.writeNumberField("identitiesCollapsed", counts.identities().collapsed());
        json.writeEndObject();
        json.writeArrayFieldStart("errors");
        for (RejectedRow row : run.rejections()) {
            json.writeStartObject();
            json.writeStringField("file", row.file());
            json.writeNumberField("line", row.line());
            json.writeStringField("column", column(row.part()));
            json.writeStringField("reason", row.reason());
            json.writeEndObject();
        }
        json.writeEndArray();
        if (run.failure().isPresent()) {
            RunFailure failure = run.failure().get();
            json.writeObjectFieldStart("failure");
            json.writeStringField("cause", cause(failure.cause()));
            json.writeStringField("reason", failure.reason());
            json.writeEndObject();
        }
        json.writeEndObject();
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
