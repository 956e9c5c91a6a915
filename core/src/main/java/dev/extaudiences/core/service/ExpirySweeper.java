package dev.extaudiences.core.service;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.paging.Page;
import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.Members;
import java.time.Clock;
import java.util.Objects;

/**
 * Physically removes expired members, audience by audience, in small batches so that no statement holds locks for
 * long. Expired members are never returned anyway; this only gives their space back.
 */
public final class ExpirySweeper {

    private static final int AUDIENCES_PER_PAGE = 100;

    private final Audiences audiences;
    private final Members members;
    private final Clock clock;
    private final int batchSize;

    public ExpirySweeper(Audiences audiences, Members members, Clock clock, int batchSize) {
        this.audiences = Objects.requireNonNull(audiences);
        this.members = Objects.requireNonNull(members);
        this.clock = Objects.requireNonNull(clock);
        this.batchSize = batchSize;
    }

    /** One pass over every audience; answers how many members it removed. */
    public long sweep() {
        long removed = 0;
        long start = 0;
        Page<Audience> page;
        do {
            page = audiences.listAll(new PageRequest(start, AUDIENCES_PER_PAGE));
            for (Audience audience : page.items()) {
                int batch;
                do {
                    batch = members.removeExpired(audience.scope(), audience.id(),
                            audience.expiryCutoff(clock.instant()), batchSize);
                    removed += batch;
                } while (batch == batchSize);
            }
            start += page.count();
        } while (page.count() == AUDIENCES_PER_PAGE);
        return removed;
    }
}
