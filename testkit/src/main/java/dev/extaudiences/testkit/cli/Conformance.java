package dev.extaudiences.testkit.cli;

import dev.extaudiences.testkit.http.ApiConformance;

/** The kit as the command runs it: every rule, against the target the command's options name. */
public class Conformance extends ApiConformance {
}
