package dev.extaudiences.core.port.in;

import dev.extaudiences.core.run.RunsByStatus;

/** What an operator watches: how many runs are processing, succeeded and failed, in every scope. */
public interface ObserveRunsUseCase {

    RunsByStatus runsByStatus();
}
