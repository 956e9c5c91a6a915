package dev.extaudiences.core.error;

/** What a {@link DomainError.NotFound} could not find. */
public enum ResourceKind {
    AUDIENCE("audience"),
    OPERATION("operation"),
    RUN("run"),
    MEMBER("member"),
    WEBHOOK("webhook");

    private final String label;

    ResourceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
