package dev.extaudiences.core.service;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.ResourceKind;
import dev.extaudiences.core.operation.Operation;
import dev.extaudiences.core.operation.OperationId;
import dev.extaudiences.core.port.in.CreateAudienceUseCase;
import dev.extaudiences.core.port.in.GetOperationUseCase;
import dev.extaudiences.core.port.out.AudienceOperations;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.Connections;
import dev.extaudiences.core.port.out.Ids;
import dev.extaudiences.core.source.SourceSpecRequest.Resolution;
import dev.extaudiences.core.tenant.Caller;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Creates audiences through operations. The request is checked and recorded synchronously; resolving its source and
 * storing the audience happen on {@code completions}, after the caller has its operation id, and always end the
 * operation one way or the other.
 */
public final class AudienceCreationService implements CreateAudienceUseCase, GetOperationUseCase {

    private final Audiences audiences;
    private final AudienceOperations operations;
    private final Connections connections;
    private final Ids ids;
    private final Clock clock;
    private final Executor completions;

    public AudienceCreationService(Audiences audiences, AudienceOperations operations, Connections connections,
                                   Ids ids, Clock clock, Executor completions) {
        this.audiences = Objects.requireNonNull(audiences);
        this.operations = Objects.requireNonNull(operations);
        this.connections = Objects.requireNonNull(connections);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
        this.completions = Objects.requireNonNull(completions);
    }

    @Override
    public Operation create(Caller caller, NewAudience request) {
        Objects.requireNonNull(request, "request");
        TenantScope scope = caller.scope();
        if (audiences.nameTaken(scope, request.name())) {
            throw DomainException.duplicate("name", request.name().value());
        }
        request.customAudienceId().filter(id -> audiences.customIdTaken(scope, id)).ifPresent(id -> {
            throw DomainException.duplicate("customAudienceId", id.value());
        });
        Operation operation = Operation.start(ids.operationId(), scope, request, new Stamp(caller.user(), clock.instant()));
        operations.add(operation);
        try {
            completions.execute(() -> complete(operation));
        } catch (RejectedExecutionException shuttingDown) {
            // Left processing on purpose: completePending() finishes it when the server comes back.
        }
        return operation;
    }

    @Override
    public Operation operation(TenantScope scope, OperationId id) {
        return operations.find(scope, id).orElseThrow(() -> DomainException.notFound(ResourceKind.OPERATION, id.value()));
    }

    /**
     * Ends operations a previous process accepted but did not get to finish. Only operations older than
     * {@code minimumAge} are taken, so that a node starting up never races another node still completing its own.
     */
    public int completePending(int limit, Duration minimumAge) {
        var cutoff = clock.instant().minus(minimumAge);
        var pending = operations.processing(limit).stream()
                .filter(operation -> operation.created().at().isBefore(cutoff))
                .toList();
        pending.forEach(this::complete);
        return pending.size();
    }

    /** Ends a processing operation: the audience is stored and the operation succeeds, or it fails with why. */
    void complete(Operation operation) {
        Stamp ended = new Stamp(operation.created().by(), clock.instant());
        Operation outcome;
        try {
            outcome = tryCreate(operation, ended);
        } catch (DomainException refused) {
            outcome = operation.fail(refused.error().detail(), ended);
        } catch (RuntimeException fault) {
            outcome = operation.fail("the audience could not be stored: " + fault.getClass().getSimpleName(), ended);
        }
        try {
            operations.end(outcome);
        } catch (IllegalStateException alreadyEnded) {
            // Another node finished it first; its outcome stands.
        }
    }

    private Operation tryCreate(Operation operation, Stamp ended) {
        NewAudience request = operation.request();
        // a connection closed to the org is, to it, a connection that is not there: its existence is not told
        Resolution resolution = request.sourceSpec().resolve(request.sourceSpec().baseConnectionId()
                .flatMap(connections::find).filter(connection -> connection.openTo(operation.scope())));
        if (resolution instanceof Resolution.Unresolvable unresolvable) {
            return operation.fail(unresolvable.reason(), ended);
        }
        Audience audience = Audience.create(ids.audienceId(), operation.scope(), request,
                ((Resolution.Resolved) resolution).spec(), operation.created());
        audiences.add(audience);
        return operation.succeed(audience.id(), ended);
    }
}
