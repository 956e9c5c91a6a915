package dev.extaudiences.testkit.http;

/**
 * What every group of rules needs: a client of the implementation under test. The groups are interfaces with default
 * test methods so that {@link ApiConformance} gathers them all, and one class is all a team extends.
 */
public interface Rules {

    /** A client of the implementation under test, fresh for each rule. */
    ApiClient api();
}
