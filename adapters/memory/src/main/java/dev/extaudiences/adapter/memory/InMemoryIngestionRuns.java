package dev.extaudiences.adapter.memory;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.error.Refusal;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RunGuardrails;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunsByStatus;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.tenant.TenantScope;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs in a map; one lock makes "at most one in progress per audience" and the daily guardrails atomic. */
public final class InMemoryIngestionRuns implements IngestionRuns {

    private record Key(TenantScope scope, RunId id) {
    }

    private record Lease(String worker, Instant until) {
    }

    private final Map<Key, IngestionRun> runs = new HashMap<>();
    // indexes of runs: a scan of every run under the lock, at each start and each worker's poll, slowed the server
    // on these stores with every run it had kept
    private final Map<AudienceKey, Map<Key, IngestionRun>> byAudience = new HashMap<>();
    private final Map<Key, IngestionRun> running = new HashMap<>();
    private final Map<Key, Lease> leases = new HashMap<>();
    // runs started per UTC day, counted at the add under the lock: what the guardrails are decided on
    private final Map<AudienceDay, Long> audienceDays = new HashMap<>();
    private final Map<SandboxDay, Long> sandboxDays = new HashMap<>();
    private final Map<String, Instant> workers = new HashMap<>();

    private record AudienceDay(TenantScope scope, AudienceId audienceId, Instant day) {
    }

    private record SandboxDay(TenantScope scope, Instant day) {
    }

    private record AudienceKey(TenantScope scope, AudienceId audienceId) {
    }

    @Override
    public synchronized void add(IngestionRun run, RunGuardrails guardrails) {
        inProgress(run.scope(), run.audienceId()).ifPresent(running -> {
            throw DomainException.unprocessable(Refusal.RUN_IN_PROGRESS,
                    "run " + running.id() + " of this audience is still in progress");
        });
        Key key = new Key(run.scope(), run.id());
        if (runs.containsKey(key)) {
            throw new IllegalStateException("run " + run.id() + " already exists");
        }
        Instant day = RunGuardrails.dayStart(run.created().at());
        AudienceDay audienceDay = new AudienceDay(run.scope(), run.audienceId(), day);
        SandboxDay sandboxDay = new SandboxDay(run.scope(), day);
        // a dry run is not one of the audience's runs of the day (it changes none of its members)
        long audienceRuns = run.isDryRun() ? 0 : audienceDays.getOrDefault(audienceDay, 0L);
        guardrails.check(audienceRuns, sandboxDays.getOrDefault(sandboxDay, 0L), run.created().at())
                .ifPresent(refusal -> {
                    throw new DomainException(refusal);
                });
        store(key, run);
        if (!run.isDryRun()) {
            audienceDays.merge(audienceDay, 1L, Long::sum);
        }
        sandboxDays.merge(sandboxDay, 1L, Long::sum);
    }

    @Override
    public synchronized long runsCounted(TenantScope scope, AudienceId audienceId, Instant day) {
        return audienceDays.getOrDefault(new AudienceDay(scope, audienceId, day), 0L);
    }

    @Override
    public synchronized long runsCounted(TenantScope scope, Instant day) {
        return sandboxDays.getOrDefault(new SandboxDay(scope, day), 0L);
    }

    @Override
    public synchronized Optional<IngestionRun> find(TenantScope scope, AudienceId audienceId, RunId runId) {
        return Optional.ofNullable(runs.get(new Key(scope, runId))).filter(run -> run.audienceId().equals(audienceId));
    }

    @Override
    public synchronized Optional<IngestionRun> inProgress(TenantScope scope, AudienceId audienceId) {
        return ofAudience(scope, audienceId).filter(IngestionRun::isInProgress).findFirst();
    }

    @Override
    public synchronized Page<IngestionRun> list(TenantScope scope, AudienceId audienceId, RunQuery query) {
        return Page.slice(ofAudience(scope, audienceId).filter(query::matches).sorted(query.sort().comparator())
                .toList(), query.start(), query.limit());
    }

    @Override
    public synchronized long countCreatedSince(TenantScope scope, AudienceId audienceId, Instant since) {
        return ofAudience(scope, audienceId).filter(run -> !run.created().at().isBefore(since)).count();
    }

    @Override
    public synchronized long countCreatedSince(TenantScope scope, Instant since) {
        return runs.values().stream().filter(run -> run.scope().equals(scope))
                .filter(run -> !run.created().at().isBefore(since)).count();
    }

    @Override
    public synchronized RunWrite update(IngestionRun run) {
        Key key = new Key(run.scope(), run.id());
        IngestionRun current = runs.get(key);
        if (current == null) {
            return RunWrite.GONE;
        }
        if (!current.isInProgress()) {
            return RunWrite.ALREADY_ENDED;
        }
        store(key, run);
        return RunWrite.WRITTEN;
    }

    @Override
    public synchronized Optional<IngestionRun> claimNext(String worker, Instant leaseUntil) {
        Optional<IngestionRun> next = running.values().stream()
                .filter(IngestionRun::isInProgress)
                .filter(run -> !leases.containsKey(new Key(run.scope(), run.id())))
                .min(Comparator.comparing((IngestionRun run) -> run.created().at()).thenComparing(run -> run.id().value()));
        next.ifPresent(run -> leases.put(new Key(run.scope(), run.id()), new Lease(worker, leaseUntil)));
        return next;
    }

    @Override
    public synchronized boolean renewLease(IngestionRun run, String worker, Instant leaseUntil) {
        Key key = new Key(run.scope(), run.id());
        Lease lease = leases.get(key);
        IngestionRun stored = runs.get(key);
        if (lease == null || !lease.worker().equals(worker) || stored == null || !stored.isInProgress()) {
            return false;
        }
        leases.put(key, new Lease(worker, leaseUntil));
        return true;
    }

    @Override
    public synchronized List<IngestionRun> lapsed(Instant now, int limit) {
        return running.values().stream()
                .filter(IngestionRun::isInProgress)
                .filter(run -> {
                    Lease lease = leases.get(new Key(run.scope(), run.id()));
                    return lease != null && lease.until().isBefore(now);
                })
                .sorted(Comparator.comparing((IngestionRun run) -> run.created().at()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void workerSeen(String worker, Instant at) {
        workers.put(worker, at);
    }

    @Override
    public synchronized Optional<Instant> lastWorkerSeen() {
        return workers.values().stream().max(Comparator.naturalOrder());
    }

    @Override
    public synchronized RunsByStatus countByStatus() {
        RunsByStatus counts = RunsByStatus.NONE;
        for (IngestionRun run : runs.values()) {
            counts = counts.plus(run.status().kind(), 1);
        }
        return counts;
    }

    @Override
    public synchronized void removeAll(TenantScope scope, AudienceId audienceId) {
        Map<Key, IngestionRun> removed = byAudience.remove(new AudienceKey(scope, audienceId));
        if (removed != null) {
            removed.keySet().forEach(key -> {
                runs.remove(key);
                running.remove(key);
                leases.remove(key);
            });
        }
        audienceDays.keySet().removeIf(day -> day.scope().equals(scope) && day.audienceId().equals(audienceId));
    }

    private Stream<IngestionRun> ofAudience(TenantScope scope, AudienceId audienceId) {
        return byAudience.getOrDefault(new AudienceKey(scope, audienceId), Map.of()).values().stream();
    }

    private void store(Key key, IngestionRun run) {
        runs.put(key, run);
        byAudience.computeIfAbsent(new AudienceKey(run.scope(), run.audienceId()), audience -> new HashMap<>())
                .put(key, run);
        if (run.isInProgress()) {
            running.put(key, run);
        } else {
            running.remove(key);
        }
    }
}
