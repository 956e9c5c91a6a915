package dev.extaudiences.core.port.out;

import dev.extaudiences.core.identity.IdentityRejection;
import dev.extaudiences.core.identity.PhoneRegion;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a phone number as written by people ({@code (650) 253-0000}, {@code 0044 20 7946 0958}, {@code +1 650...})
 * into its E.164 form ({@code +16502530000}), the one form a number is matched by. The numbering plans of every
 * country are an adapter's (libphonenumber's): the domain only asks.
 */
public interface PhoneNumbers {

    /**
     * The E.164 form of {@code written}, read in {@code region} when it has no country code; or why it is no number.
     */
    Reading toE164(String written, Optional<PhoneRegion> region);

    /** What {@link #toE164} made of a number. */
    sealed interface Reading {
        record E164(String number) implements Reading {
            public E164 {
                if (number == null || !number.matches("\\+[1-9][0-9]{1,14}")) {
                    throw new IllegalArgumentException("not an E.164 number: " + number);
                }
            }
        }

        record NotANumber(IdentityRejection reason) implements Reading {
            public NotANumber {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /**
     * Without a numbering plan: a number written with {@code +} and its country code, with spaces, dots, dashes and
     * parentheses between the digits, is read as those digits (8 to 15 of them, as E.164 allows); a national number
     * cannot be read without the plans and is refused. The default of an embedding that brings no adapter.
     */
    static PhoneNumbers internationalOnly() {
        return (written, region) -> {
            String text = written.strip();
            if (!text.startsWith("+")) {
                return new Reading.NotANumber(IdentityRejection.PHONE_NEEDS_COUNTRY_CODE);
            }
            StringBuilder digits = new StringBuilder("+");
            for (int i = 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    digits.append(c);
                } else if (" .-()".indexOf(c) < 0) {
                    return new Reading.NotANumber(IdentityRejection.PHONE_UNPARSEABLE);
                }
            }
            int count = digits.length() - 1;
            if (count < 8 || count > 15 || digits.charAt(1) == '0') {
                return new Reading.NotANumber(IdentityRejection.PHONE_UNPARSEABLE);
            }
            return new Reading.E164(digits.toString());
        };
    }
}
