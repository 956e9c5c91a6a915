package dev.extaudiences.adapter.jdbi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectReader;
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
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        countsNode.put("membersWritten", counts.membersWritten());
        if (!counts.identities().equals(IdentityMatches.NONE)) {
            // absent reads as none: a run the identity rules did nothing to is stored as it always was
            countsNode.put("identitiesNormalised", counts.identities().normalised());
            countsNode.put("identitiesRejected", counts.identities().rejected());
            countsNode.put("identitiesCollapsed", counts.identities().collapsed());
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

    /**
     * The stored body as it is read: bound field by field into records rather than parsed into a tree. A page of 20
     * runs decodes 20 bodies; a flight recording of it on PostgreSQL had 45% of the route's samples in decoding, most
     * of them in the tree's maps. A field stored only since a later version (bytesRead, rowsDuplicated, the identity
     * counts, dryRun) reads as 0 or false when absent, as a run stored before it counted them (membersWritten as
     * {@link StoredCounts#written} has it).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredRun(String audienceName, long windowStart, Long windowEnd, String mode, boolean dryRun,
                     String createdBy, long createdAt, String status, Long endedAt, String failureCause,
                     String failureReason, List<StoredStage> stages, StoredCounts counts,
                     List<StoredRejection> rejections) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredStage(String stage, String status, String flowRunId, Long startedAt, Long endedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredCounts(long files, long bytesRead, long rowsRead, long rowsRejected, long rowsDuplicated,
                        long membersAdded, long membersUpdated, long membersRemoved, Long membersWritten,
                        long identitiesNormalised, long identitiesRejected, long identitiesCollapsed) {

        /**
         * A run stored before its merge's progress was kept has no {@code membersWritten}: what it wrote is what it
         * added and updated, once its members were merged.
         */
        long written(RunStatus status, boolean dryRun) {
            if (membersWritten != null) {
                return membersWritten;
            }
            return status instanceof RunStatus.Succeeded && !dryRun ? membersAdded + membersUpdated : 0;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredRejection(String file, long line, String column, String reason) {
    }

    private static final ObjectReader STORED = Json.MAPPER.readerFor(StoredRun.class);

    static IngestionRun decode(TenantScope scope, String runId, String audienceId, String text) {
        StoredRun body = Json.bind(STORED, text);
        RunStatus status = switch (StoredStatus.runKind(body.status())) {
            case PROCESSING -> new RunStatus.Processing();
            case SUCCEEDED -> new RunStatus.Succeeded(Instant.ofEpochMilli(body.endedAt()));
            case FAILED -> new RunStatus.Failed(Instant.ofEpochMilli(body.endedAt()), new RunFailure(
                    RunFailure.Cause.valueOf(body.failureCause()), body.failureReason()));
        };
        List<StageProgress> stages = new ArrayList<>(body.stages().size());
        for (StoredStage stage : body.stages()) {
            stages.add(new StageProgress(Stage.valueOf(stage.stage()), StageStatus.valueOf(stage.status()),
                    stage.flowRunId(), instant(stage.startedAt()), instant(stage.endedAt())));
        }
        StoredCounts counts = body.counts();
        List<RejectedRow> rejections = new ArrayList<>();
        if (body.rejections() != null) {
            for (StoredRejection row : body.rejections()) {
                rejections.add(new RejectedRow(row.file(), row.line(), part(row.column()), row.reason()));
            }
        }
        return new IngestionRun(new RunId(runId), scope, new AudienceId(audienceId),
                new AudienceName(body.audienceName()),
                new RunWindow(Instant.ofEpochMilli(body.windowStart()), instant(body.windowEnd())),
                IngestionMode.valueOf(body.mode()),
                new Stamp(new UserId(body.createdBy()), Instant.ofEpochMilli(body.createdAt())), status, stages,
                new RunCounts(counts.files(), counts.bytesRead(), counts.rowsRead(), counts.rowsRejected(),
                        counts.rowsDuplicated(), counts.membersAdded(), counts.membersUpdated(),
                        counts.membersRemoved(), counts.written(status, body.dryRun()),
                        new IdentityMatches(counts.identitiesNormalised(), counts.identitiesRejected(),
                                counts.identitiesCollapsed())),
                rejections, body.dryRun() ? RunEffect.DRY_RUN : RunEffect.APPLY);
    }

    private static Optional<Instant> instant(Long epochMillis) {
        return epochMillis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(epochMillis));
    }

    /** Stored as the API shows it: the field's name, or {@code *} for the row as a whole. */
    private static String storedColumn(RowPart part) {
        return part instanceof RowPart.Column column ? column.field().value() : WHOLE_ROW;
    }

    private static RowPart part(String stored) {
        return stored.equals(WHOLE_ROW) ? RowPart.WHOLE_ROW : RowPart.column(new FieldName(stored));
    }
}
