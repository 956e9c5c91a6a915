package dev.extaudiences.core.run;

/**
 * What a run does with what it read. An applied run writes it into the membership; a dry run reads and checks
 * everything the same way, counts what its merge would add, update and remove, and changes no member.
 */
public enum RunEffect {
    APPLY,
    DRY_RUN
}
