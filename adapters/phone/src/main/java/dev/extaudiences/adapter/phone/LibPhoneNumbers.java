package dev.extaudiences.adapter.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.extaudiences.core.identity.IdentityRejection;
import dev.extaudiences.core.identity.PhoneRegion;
import dev.extaudiences.core.port.out.PhoneNumbers;
import java.util.Optional;

/**
 * Phone numbers read with the numbering plans of Google's libphonenumber: any way people write a number (spaces,
 * dashes, dots, parentheses, a national trunk prefix such as the 0 of {@code 06 12 34 56 78}, an international
 * prefix such as {@code 00} or {@code 011}) becomes its E.164 form, which both Google Customer Match and Meta
 * match on. A number that parses but that its country's plan does not assign (a wrong length, an unused range) is
 * refused too: kept, it could never match anyone.
 */
public final class LibPhoneNumbers implements PhoneNumbers {

    /** libphonenumber's "unknown region": a number must then carry its own country code. */
    private static final String UNKNOWN_REGION = "ZZ";

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    @Override
    public Reading toE164(String written, Optional<PhoneRegion> region) {
        Phonenumber.PhoneNumber number;
        try {
            number = util.parse(written, region.map(PhoneRegion::code).orElse(UNKNOWN_REGION));
        } catch (NumberParseException unreadable) {
            if (unreadable.getErrorType() == NumberParseException.ErrorType.INVALID_COUNTRY_CODE
                    && region.isEmpty() && !written.strip().startsWith("+")) {
                return new Reading.NotANumber(IdentityRejection.PHONE_WITHOUT_REGION);
            }
            return new Reading.NotANumber(IdentityRejection.PHONE_UNPARSEABLE);
        }
        if (!util.isValidNumber(number)) {
            return new Reading.NotANumber(IdentityRejection.PHONE_INVALID);
        }
        return new Reading.E164(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
    }
}
