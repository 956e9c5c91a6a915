package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.operation.OperationStatus;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RejectedRow;
import dev.extaudiences.core.run.RowPart;
import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The names this adapter stores are its own, and are those of the rows already stored: a database written by an
 * earlier release reads back, and is written again, with no migration.
 */
class StoredNamesTest {

    /** A run body exactly as an earlier release stored it. */
    private static final String STORED_RUN = """
            {"audienceName":"Gold","windowStart":1700000000000,"mode":"DIFFERENTIAL","createdBy":"me",
             "createdAt":1700000100000,"status":"SUCCESS","endedAt":1700000200000,
             "stages":[{"stage":"DATASET_INGEST","status":"SUCCESS","flowRunId":"f1","startedAt":1700000100000,
                        "endedAt":1700000150000},
                       {"stage":"PROFILE_STORE_INGEST","status":"SUCCESS","flowRunId":"f2",
                        "startedAt":1700000150000,"endedAt":1700000200000}],
             "counts":{"files":1,"rowsRead":3,"rowsRejected":1,"rowsDuplicated":0,"membersAdded":2,
                       "membersUpdated":0,"membersRemoved":0},
             "rejections":[{"file":"crm/gold.csv","line":3,"column":"email","reason":"the identity value is empty"},
                           {"file":"crm/gold.csv","line":4,"column":"*",
                            "reason":"the last line (line 4) has no line end: it may be incomplete"}]}
            """;

    @Test
    void aStoredRunReadsBackWithItsStatusAndTheRowPartsItsRejectionsName() {
        IngestionRun run = RunCodec.decode(TenantScope.of("1234@AdobeOrg", "prod"), "run-1", "audience-1", STORED_RUN);

        assertThat(run.status()).isInstanceOf(RunStatus.Succeeded.class);
        assertThat(run.audienceId()).isEqualTo(new AudienceId("audience-1"));
        assertThat(run.rejections()).extracting(RejectedRow::part)
                .containsExactly(RowPart.column(new FieldName("email")), RowPart.WHOLE_ROW);
        assertThat(Json.read(RunCodec.encode(run))).as("written again as it was stored")
                .isEqualTo(Json.read(STORED_RUN));
    }

    @Test
    void statusesAreStoredUnderTheNamesTheStoredRowsAndTheSqlUse() {
        assertThat(Arrays.stream(RunStatus.Kind.values()).map(StoredStatus::of))
                .containsExactly("PROCESSING", "SUCCESS", "FAILED");
        assertThat(Arrays.stream(RunStatus.Kind.values()).map(kind -> StoredStatus.runKind(StoredStatus.of(kind))))
                .containsExactly(RunStatus.Kind.values());
        assertThat(StoredStatus.of(new OperationStatus.Processing())).isEqualTo("PROCESSING");
        assertThat(StoredStatus.of(new OperationStatus.Succeeded(new AudienceId("a")))).isEqualTo("SUCCESS");
        assertThat(StoredStatus.of(new OperationStatus.Failed("why"))).isEqualTo("FAILED");
    }
}
