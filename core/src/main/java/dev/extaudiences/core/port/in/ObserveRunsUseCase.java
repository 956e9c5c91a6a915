package dev.extaudiences.core.port.in;

import java.util.Map;

/** What an operator watches: how many runs are processing, succeeded and failed, in every scope. */
public interface ObserveRunsUseCase {

    /** Run counts by status wire name ({@code PROCESSING}, {@code SUCCESS}, {@code FAILED}), zero included. */
    Map<String, Long> runsByStatus();
}
