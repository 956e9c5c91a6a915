package dev.extaudiences.core.audience;

/** What an audience is made of; the contract supports people only. */
public enum AudienceType {
    PEOPLE
}
