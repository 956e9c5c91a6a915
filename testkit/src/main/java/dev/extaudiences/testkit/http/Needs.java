package dev.extaudiences.testkit.http;

import org.opentest4j.TestAbortedException;

/**
 * What a rule needs beyond the API itself, and the one sentence a rule is skipped with when it is not there: a pass
 * never counts a rule it could not check as passed, and the summary groups the skipped rules by these sentences.
 */
public final class Needs {

    public static final String FILE_DROP = "needs a file drop (--landing-zone or --drop-command)";
    public static final String MODIFICATION_TIMES = "needs a file drop that sets modification times (--landing-zone;"
            + " a --drop-command leaves them to the storage)";
    public static final String OTHER_ORG = "needs a second org (--other-org and --other-token)";
    public static final String MEMBERS_EXTENSION = "needs the members extension"
            + " (GET /external-audience/{id}/members)";
    public static final String METRICS_EXTENSION = "needs the metrics extension (a run's metrics and errors)";

    private Needs() {
    }

    /** Skips the rule unless files can be dropped where the implementation's runs read. */
    public static FileDrop fileDrop(ApiTarget target) {
        if (!target.fileDrop().available()) {
            throw new TestAbortedException(FILE_DROP);
        }
        return target.fileDrop();
    }

    /** Skips the rule unless dropped files can be given the modification times it asks for. */
    public static FileDrop modificationTimes(ApiTarget target) {
        FileDrop drop = fileDrop(target);
        if (!drop.setsModificationTimes()) {
            throw new TestAbortedException(MODIFICATION_TIMES);
        }
        return drop;
    }

    /** Skips the rule unless a second org was given; answers a client of it, in the same sandbox name. */
    public static ApiClient otherOrg(ApiTarget target) {
        return new ApiClient(target.asOtherOrg().orElseThrow(() -> new TestAbortedException(OTHER_ORG)));
    }

    static TestAbortedException missing(String need) {
        return new TestAbortedException(need);
    }
}
