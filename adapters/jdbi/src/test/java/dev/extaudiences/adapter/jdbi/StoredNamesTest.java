package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationStatus;
import dev.extaudiences.core.run.IdentityMatches;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RejectedRow;
import dev.extaudiences.core.run.RowPart;
import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourceSpec;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.source.SourceType;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
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

    /** The cloud types and source kinds as an earlier release stored them. */
    private static final Map<String, CloudType> STORED_CLOUD_TYPES = Map.of("S3", CloudType.S3, "DLZ", CloudType.DLZ,
            "GCS", CloudType.GCS, "AZURE", CloudType.AZURE, "SFTP", CloudType.SFTP);
    private static final Map<String, SourceKind> STORED_KINDS = Map.of("FILE", SourceKind.FILE, "FOLDER",
            SourceKind.FOLDER);

    /** An audience body exactly as an earlier release stored it, its source spec's names left to fill in. */
    private static final String STORED_AUDIENCE = """
            {"name":"Gold","fields":[{"name":"email","type":"STRING","identityNs":"email","labels":[]}],
             "sourceSpec":{"path":"crm/gold","type":"%s","sourceType":"CLOUD_STORAGE","cloudType":"%s",
                           "baseConnectionId":"gold"},
             "ttlInDays":30,"audienceType":"PEOPLE","originName":"CUSTOM_UPLOAD","namespace":"CustomerAudienceUpload",
             "labels":[],"tags":[],"profileIngestion":"ENABLED","createdBy":"me","createdAt":1700000000000,
             "updatedBy":"me","updatedAt":1700000100000}
            """;

    /** A create operation's body as an earlier release stored it: the request, its cloudType left to fill in. */
    private static final String STORED_OPERATION = """
            {"request":{"name":"Gold","fields":[{"name":"email","type":"STRING","identityNs":"email","labels":[]}],
                        "sourceSpec":{"path":"crm/gold.csv","type":"%s"%s,"baseConnectionId":"gold"},
                        "ttlInDays":30,"audienceType":"PEOPLE","originName":"CUSTOM_UPLOAD",
                        "namespace":"CustomerAudienceUpload","labels":[],"tags":[],"profileIngestion":"ENABLED"},
             "status":"PROCESSING","createdBy":"me","createdAt":1700000000000,"updatedBy":"me",
             "updatedAt":1700000000000}
            """;

    @Test
    void sourceNamesAreStoredUnderTheNamesTheStoredRowsUse() {
        assertThat(Arrays.stream(CloudType.values()).map(StoredSourceNames::of))
                .containsExactly("S3", "DLZ", "GCS", "AZURE", "SFTP");
        assertThat(Arrays.stream(CloudType.values())
                .map(type -> StoredSourceNames.cloudType(StoredSourceNames.of(type))))
                .containsExactly(CloudType.values());
        assertThat(Arrays.stream(SourceKind.values()).map(StoredSourceNames::of)).containsExactly("FILE", "FOLDER");
        assertThat(Arrays.stream(SourceKind.values()).map(kind -> StoredSourceNames.kind(StoredSourceNames.of(kind))))
                .containsExactly(SourceKind.values());
        assertThat(Arrays.stream(SourceType.values()).map(StoredSourceNames::of)).containsExactly("CLOUD_STORAGE");
        assertThat(StoredSourceNames.sourceType("CLOUD_STORAGE")).isEqualTo(SourceType.CLOUD_STORAGE);
    }

    @Test
    void aStoredAudienceReadsBackWithTheCloudTypeSourceKindAndSourceTypeOfItsSourceSpec() {
        STORED_CLOUD_TYPES.forEach((storedType, cloudType) -> STORED_KINDS.forEach((storedKind, kind) -> {
            String stored = STORED_AUDIENCE.formatted(storedKind, storedType);
            Audience audience = AudienceCodec.decode(TenantScope.of("1234@AdobeOrg", "prod"), "audience-1", 3, stored);

            assertThat(audience.sourceSpec()).as(storedType + " " + storedKind).isEqualTo(new SourceSpec(
                    audience.sourceSpec().path(), kind, Optional.of(SourceType.CLOUD_STORAGE), cloudType,
                    Optional.of(new ConnectionId("gold"))));
            assertThat(Json.read(AudienceCodec.encode(audience))).as("written again as it was stored")
                    .isEqualTo(Json.read(stored));
        }));
    }

    @Test
    void aStoredOperationReadsBackWithTheCloudTypeItsRequestNamedOrLeftUnsaid() {
        STORED_CLOUD_TYPES.forEach((storedType, cloudType) -> STORED_KINDS.forEach((storedKind, kind) -> {
            String stored = STORED_OPERATION.formatted(storedKind, ",\"cloudType\":\"" + storedType + "\"");
            Operation operation = OperationCodec.decode(TenantScope.of("1234@AdobeOrg", "prod"), "op-1", stored);

            SourceSpecRequest spec = operation.request().sourceSpec();
            assertThat(spec.kind()).as(storedKind).isEqualTo(kind);
            assertThat(spec.cloudType()).as(storedType).contains(cloudType);
            assertThat(spec.sourceType()).isEmpty();
            assertThat(Json.read(OperationCodec.encode(operation))).as("written again as it was stored")
                    .isEqualTo(Json.read(stored));
        }));
        String unsaid = STORED_OPERATION.formatted("FILE", ",\"sourceType\":\"CLOUD_STORAGE\"");
        Operation operation = OperationCodec.decode(TenantScope.of("1234@AdobeOrg", "prod"), "op-1", unsaid);
        assertThat(operation.request().sourceSpec().cloudType()).isEmpty();
        assertThat(operation.request().sourceSpec().sourceType()).contains(SourceType.CLOUD_STORAGE);
        assertThat(Json.read(OperationCodec.encode(operation))).isEqualTo(Json.read(unsaid));
    }

    @Test
    void aStoredRunReadsBackWithItsStatusAndTheRowPartsItsRejectionsName() {
        IngestionRun run = RunCodec.decode(TenantScope.of("1234@AdobeOrg", "prod"), "run-1", "audience-1", STORED_RUN);

        assertThat(run.status()).isInstanceOf(RunStatus.Succeeded.class);
        assertThat(run.audienceId()).isEqualTo(new AudienceId("audience-1"));
        assertThat(run.rejections()).extracting(RejectedRow::part)
                .containsExactly(RowPart.column(new FieldName("email")), RowPart.WHOLE_ROW);
        assertThat(Json.read(RunCodec.encode(run)))
                .as("written again as it was stored, with the bytes it read and the members it wrote")
                .isEqualTo(Json.read(withMembersWritten(STORED_RUN.replace("\"counts\":{\"files\":1,",
                        "\"counts\":{\"files\":1,\"bytesRead\":0,"))));
    }

    /** A stored run's body with the members its merge wrote, as a run is stored since it counts them. */
    private static String withMembersWritten(String stored) {
        return stored.replace("\"membersRemoved\":0}", "\"membersRemoved\":0,\"membersWritten\":2}");
    }

    @Test
    void aStoredRunWithoutTheMembersItWroteReadsBackAsHavingWrittenWhatItAddedAndUpdatedOnceItSucceeded() {
        TenantScope scope = TenantScope.of("1234@AdobeOrg", "prod");
        assertThat(RunCodec.decode(scope, "run-1", "audience-1", STORED_RUN).counts().membersWritten()).isEqualTo(2);
        String failed = STORED_RUN.replace("\"status\":\"SUCCESS\",\"endedAt\"",
                "\"status\":\"FAILED\",\"failureCause\":\"DEPENDENCY\",\"failureReason\":\"gone\",\"endedAt\"");
        assertThat(RunCodec.decode(scope, "run-1", "audience-1", failed).counts().membersWritten()).isZero();
        String dry = STORED_RUN.replace("\"mode\":\"DIFFERENTIAL\",", "\"mode\":\"DIFFERENTIAL\",\"dryRun\":true,");
        assertThat(RunCodec.decode(scope, "run-1", "audience-1", dry).counts().membersWritten()).isZero();

        String midway = STORED_RUN.replace("\"membersRemoved\":0}", "\"membersRemoved\":0,\"membersWritten\":1}");
        assertThat(RunCodec.decode(scope, "run-1", "audience-1", midway).counts().membersWritten()).isEqualTo(1);
    }

    @Test
    void aStoredRunWithoutTheBytesItReadReadsBackAsHavingReadNoneAndOneWithThemKeepsThem() {
        TenantScope scope = TenantScope.of("1234@AdobeOrg", "prod");
        assertThat(RunCodec.decode(scope, "run-1", "audience-1", STORED_RUN).counts().bytesRead()).isZero();

        String withBytes = STORED_RUN.replace("\"counts\":{\"files\":1,", "\"counts\":{\"files\":1,\"bytesRead\":51234,");
        IngestionRun run = RunCodec.decode(scope, "run-1", "audience-1", withBytes);

        assertThat(run.counts().bytesRead()).isEqualTo(51_234);
        assertThat(run.counts().rowsRead()).isEqualTo(3);
        assertThat(Json.read(RunCodec.encode(run))).isEqualTo(Json.read(withMembersWritten(withBytes)));
    }

    @Test
    void aStoredRunWithIdentityMatchesButNoCollapsedCountReadsBackAsHavingCollapsedNone() {
        TenantScope scope = TenantScope.of("1234@AdobeOrg", "prod");
        String beforeCollapsed = STORED_RUN.replace("\"counts\":{\"files\":1,",
                "\"counts\":{\"files\":1,\"identitiesNormalised\":2,\"identitiesRejected\":1,");

        IngestionRun run = RunCodec.decode(scope, "run-1", "audience-1", beforeCollapsed);

        assertThat(run.counts().identities()).isEqualTo(new IdentityMatches(2, 1, 0));
        IngestionRun collapsed = RunCodec.decode(scope, "run-1", "audience-1", beforeCollapsed.replace(
                "\"identitiesRejected\":1,", "\"identitiesRejected\":1,\"identitiesCollapsed\":1,"));
        assertThat(collapsed.counts().identities()).isEqualTo(new IdentityMatches(2, 1, 1));
        assertThat(RunCodec.decode(scope, "run-1", "audience-1", RunCodec.encode(collapsed))).isEqualTo(collapsed);
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
