package dev.extaudiences.core.audience;

import dev.extaudiences.core.error.DomainException;

/** What an audience is made of; the contract supports people only. */
public enum AudienceType {
    PEOPLE("people");

    private final String wireName;

    AudienceType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static AudienceType parse(String raw) {
        if (raw == null) {
            return PEOPLE;
        }
        if (PEOPLE.wireName.equalsIgnoreCase(raw.trim())) {
            return PEOPLE;
        }
        throw DomainException.invalid("audienceType", "'" + raw + "' is not supported; only 'people' is");
    }
}
