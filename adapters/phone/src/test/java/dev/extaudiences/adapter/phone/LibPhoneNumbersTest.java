package dev.extaudiences.adapter.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.extaudiences.core.identity.IdentityRejection;
import dev.extaudiences.core.identity.PhoneRegion;
import dev.extaudiences.core.port.out.PhoneNumbers.Reading;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Phone numbers as the platforms ask for them: Google Ads Customer Match formatting guidelines ("format phone
 * numbers using the E.164 format, including the + and the country code", e.g. +16502530000) and Meta's custom
 * audience rules (digits with the country code, symbols and the national leading zero removed; the E.164 digits).
 */
class LibPhoneNumbersTest {

    private final LibPhoneNumbers phones = new LibPhoneNumbers();
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private Reading read(String written, String region) {
        return phones.toE164(written, Optional.ofNullable(region).map(PhoneRegion::new));
    }

    @Test
    void googleCustomerMatch_usNumberWrittenAnyWayIsItsE164() {
        for (String written : List.of("(650) 253-0000", "650.253.0000", "650 253 0000", "+1 650-253-0000",
                "1 (650) 253 0000", "  6502530000 ")) {
            assertThat(read(written, "US")).as(written).isEqualTo(new Reading.E164("+16502530000"));
        }
    }

    @Test
    void meta_nationalTrunkZeroIsDroppedAndCountryCodeAdded() {
        assertThat(read("06 12 34 56 78", "FR")).isEqualTo(new Reading.E164("+33612345678"));
        assertThat(read("020 7946 0958", "GB")).isEqualTo(new Reading.E164("+442079460958"));
        // the international prefix of the region the number was written in
        assertThat(read("00 33 6 12 34 56 78", "GB")).isEqualTo(new Reading.E164("+33612345678"));
        assertThat(read("011 33 6 12 34 56 78", "US")).isEqualTo(new Reading.E164("+33612345678"));
    }

    @Test
    void aCountryCodeNeedsNoRegion() {
        assertThat(read("+33 6 12 34 56 78", null)).isEqualTo(new Reading.E164("+33612345678"));
        // a number's own country code wins over the region it is read in
        assertThat(read("+44 20 7946 0958", "US")).isEqualTo(new Reading.E164("+442079460958"));
    }

    @Test
    void aNationalNumberWithoutARegionIsRefusedSayingSo() {
        assertThat(read("06 12 34 56 78", null))
                .isEqualTo(new Reading.NotANumber(IdentityRejection.PHONE_WITHOUT_REGION));
    }

    @Test
    void textThatIsNoNumberIsRefused() {
        for (String written : List.of("n/a", "unknown", "-", "1", "+", "ada@example.com")) {
            assertThat(read(written, "US")).as(written)
                    .isEqualTo(new Reading.NotANumber(IdentityRejection.PHONE_UNPARSEABLE));
        }
    }

    @Test
    void aNumberNoPlanAssignsIsRefused() {
        // area codes do not start with 1 in the North American plan; a French mobile has 9 digits after the 0
        assertThat(read("+1 123 456 7890", null)).isEqualTo(new Reading.NotANumber(IdentityRejection.PHONE_INVALID));
        assertThat(read("06 12 34 56", "FR")).isEqualTo(new Reading.NotANumber(IdentityRejection.PHONE_INVALID));
    }

    /** libphonenumber's example number of every region it knows, and that region. */
    private static Gen<String> regions() {
        return Generate.pick(List.copyOf(new TreeSet<>(UTIL.getSupportedRegions())))
                .assuming(region -> UTIL.getExampleNumber(region) != null);
    }

    @Test
    void everyWayOfWritingANumberGivesOneE164_andReadingItAgainChangesNothing() {
        qt().forAll(regions()).checkAssert(region -> {
            Phonenumber.PhoneNumber example = UTIL.getExampleNumber(region);
            String e164 = UTIL.format(example, PhoneNumberUtil.PhoneNumberFormat.E164);
            for (PhoneNumberUtil.PhoneNumberFormat format : PhoneNumberUtil.PhoneNumberFormat.values()) {
                String written = UTIL.format(example, format);
                assertThat(read(written, region)).as(region + " " + format + " " + written)
                        .isEqualTo(new Reading.E164(e164));
            }
            // idempotent: the normalised form read again, in any region, is itself
            assertThat(read(e164, null)).isEqualTo(new Reading.E164(e164));
            assertThat(read(e164, "US")).isEqualTo(new Reading.E164(e164));
        });
    }
}
