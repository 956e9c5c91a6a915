package dev.extaudiences.adapter.javalin;

import dev.extaudiences.core.UseCases;
import dev.extaudiences.core.idempotency.IdempotencyKey;
import dev.extaudiences.core.idempotency.KeyClaim;
import dev.extaudiences.core.idempotency.RequestFingerprint;
import dev.extaudiences.core.idempotency.StoredReply;
import dev.extaudiences.core.port.in.RepeatRequestsSafelyUseCase;
import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.Member;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.in.GetOperationUseCase;
import dev.extaudiences.core.port.in.LookUpMembersUseCase;
import dev.extaudiences.core.port.in.UploadLandingFileUseCase;
import dev.extaudiences.core.run.RunsByStatus;
import dev.extaudiences.core.source.SourceFile;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.upload.LandingUpload;
import dev.extaudiences.core.upload.UploadLimit;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.List;
import java.util.Optional;

/**
 * Use cases for a test of the HTTP adapter alone: each one it does not drive refuses, naming itself, so that a request
 * reaching one by mistake is a 500 in the test's log rather than a silent null; no run is ever counted.
 */
final class TestUseCases {

    private TestUseCases() {
    }

    /** Every use case refuses: for a test of what the adapter answers before any is reached. */
    static UseCases none() {
        return withOperations((scope, id) -> {
            throw notDriven("GetOperationUseCase");
        });
    }

    /** Reading an operation goes to {@code operations}; every other use case refuses. */
    static UseCases withOperations(GetOperationUseCase operations) {
        return new UseCases(
                (caller, request) -> {
                    throw notDriven("CreateAudienceUseCase");
                },
                operations,
                (scope, id) -> {
                    throw notDriven("GetAudienceUseCase");
                },
                (scope, page) -> {
                    throw notDriven("ListAudiencesUseCase");
                },
                (caller, id, patch) -> {
                    throw notDriven("UpdateAudienceUseCase");
                },
                (scope, id) -> {
                    throw notDriven("DeleteAudienceUseCase");
                },
                (caller, audienceId, request) -> {
                    throw notDriven("StartRunUseCase");
                },
                (scope, audienceId, runId) -> {
                    throw notDriven("GetRunUseCase");
                },
                (scope, audienceId, query) -> {
                    throw notDriven("ListRunsUseCase");
                },
                (caller, audienceId, runId) -> {
                    throw notDriven("CancelRunUseCase");
                },
                new LookUpMembersUseCase() {
                    @Override
                    public Page<Member> members(TenantScope scope, AudienceId audienceId, PageRequest page) {
                        throw notDriven("LookUpMembersUseCase");
                    }

                    @Override
                    public Optional<Member> member(TenantScope scope, AudienceId audienceId, Identity identity) {
                        throw notDriven("LookUpMembersUseCase");
                    }

                    @Override
                    public List<Member> memberships(TenantScope scope, Identity identity) {
                        throw notDriven("LookUpMembersUseCase");
                    }
                },
                () -> RunsByStatus.NONE,
                () -> {
                    throw notDriven("ObserveWorkersUseCase");
                },
                new UploadLandingFileUseCase() {
                    @Override
                    public SourceFile upload(Caller caller, AudienceId audienceId, LandingUpload upload) {
                        throw notDriven("UploadLandingFileUseCase");
                    }

                    @Override
                    public UploadLimit limit() {
                        return UploadLimit.DEFAULT;
                    }
                },
                (scope, audienceId) -> {
                    throw notDriven("ReadRunQuotasUseCase");
                },
                new RepeatRequestsSafelyUseCase() {
                    @Override
                    public KeyClaim claim(TenantScope scope, IdempotencyKey key, RequestFingerprint fingerprint) {
                        throw notDriven("RepeatRequestsSafelyUseCase");
                    }

                    @Override
                    public void keep(TenantScope scope, IdempotencyKey key, KeyClaim.Claimed claim, StoredReply reply) {
                        throw notDriven("RepeatRequestsSafelyUseCase");
                    }

                    @Override
                    public void release(TenantScope scope, IdempotencyKey key, KeyClaim.Claimed claim) {
                        throw notDriven("RepeatRequestsSafelyUseCase");
                    }
                });
    }

    /** Every webhook use case refuses. */
    static dev.extaudiences.core.WebhookUseCases noWebhooks() {
        return new dev.extaudiences.core.WebhookUseCases(
                (caller, request) -> {
                    throw notDriven("SubscribeWebhookUseCase");
                },
                scope -> {
                    throw notDriven("ListWebhooksUseCase");
                },
                (scope, id) -> {
                    throw notDriven("UnsubscribeWebhookUseCase");
                },
                (scope, id, limit) -> {
                    throw notDriven("ReadWebhookDeliveriesUseCase");
                });
    }

    private static UnsupportedOperationException notDriven(String useCase) {
        return new UnsupportedOperationException("this test drives no " + useCase);
    }
}
