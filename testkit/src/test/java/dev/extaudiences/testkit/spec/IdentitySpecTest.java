package dev.extaudiences.testkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.audience.Labels;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.identity.AudienceIdentities;
import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.identity.IdentityRejection;
import dev.extaudiences.core.IdentityRules;
import dev.extaudiences.core.identity.IdentityStorage;
import dev.extaudiences.core.identity.NamespaceRule;
import dev.extaudiences.core.identity.Normalisation;
import dev.extaudiences.core.identity.PhoneRegion;
import dev.extaudiences.core.ingest.RowOutcome;
import dev.extaudiences.core.ingest.RowRules;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.source.SourceRecord;
import dev.extaudiences.testkit.Property;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Identity hygiene: the raw value never decides membership. The properties take the rule they check as an argument,
 * so that {@link SpecsDetectBrokenRulesTest} can show each failing against a deliberately broken rule. The examples
 * follow the platforms' published normalisation: Google Ads Customer Match "formatting guidelines" (email: "remove
 * leading and trailing whitespaces", "convert to lowercase", and for gmail.com and googlemail.com "remove all periods
 * (.) that precede the domain name"; phone: E.164 with + and country code; hashed data: SHA-256 hex of the
 * normalised value) and Meta's custom audience "normalisation and hashing" rules (email: trim and lower-case; hashed
 * values: lower-case SHA-256 hex).
 */
@DisplayName("Identities: normalised per namespace at ingestion and at every lookup; hashed at rest on request")
class IdentitySpecTest {

    /** How an audience reads an identity (at ingestion) and asks for one (at a lookup). */
    interface IdentityRule {
        IdentityRule REAL = of(IdentityRules.defaults().with("gmail", NamespaceRule.EMAIL_GMAIL), IdentityHandling.DEFAULT);

        /** The form the value is stored in, or empty when the namespace's rule refuses it. */
        Optional<String> ingest(IdentityNamespace namespace, String raw);

        /** The form a lookup of the value asks the store for. */
        String lookUp(IdentityNamespace namespace, String raw);

        static IdentityRule of(IdentityRules rules, IdentityHandling handling) {
            AudienceIdentities identities = rules.of(handling);
            return new IdentityRule() {
                @Override
                public Optional<String> ingest(IdentityNamespace namespace, String raw) {
                    Normalisation read = identities.normalise(namespace, raw);
                    return read instanceof Normalisation.Normalised normalised
                            ? Optional.of(identities.atRest(namespace, normalised.value())) : Optional.empty();
                }

                @Override
                public String lookUp(IdentityNamespace namespace, String raw) {
                    return identities.stored(new Identity(namespace, raw)).value();
                }
            };
        }
    }

    private static final IdentityRule HASHED = IdentityRule.of(IdentityRules.defaults(),
            IdentityHandling.DEFAULT.withStorage(IdentityStorage.SHA256_OF_NORMALISED));

    /** A person's identity in one namespace, as one canonical value. */
    record Person(String namespace, String canonical) {
    }

    private static Gen<String> letters(int min, int max) {
        return Generate.pick(List.of("a", "b", "c", "d", "e", "x", "y", "z", "0", "7", ".", "_"))
                .zip(integers().between(min, max), (letter, count) -> letter.repeat(count))
                .zip(Generate.pick(List.of("ada", "bob", "eve", "li", "zoé")), (run, name) -> name + run);
    }

    static Gen<Person> people() {
        Gen<Person> emails = letters(0, 3).zip(Generate.pick(List.of("example.com", "mail.fr", "gmail.com")),
                (local, domain) -> new Person("email", local + "@" + domain));
        Gen<Person> phones = integers().between(200, 989).zip(integers().between(1_000_000, 9_999_999),
                (area, line) -> new Person("phone", "+1" + area + line));
        Gen<Person> hashes = letters(0, 5).map(seed -> new Person("email_lc_sha256",
                dev.extaudiences.core.identity.Sha256.hex(seed)));
        Gen<Person> ecids = integers().between(0, Integer.MAX_VALUE).map(n -> new Person("ECID", "ecid-" + n));
        return Generate.oneOf(emails, phones, hashes, ecids);
    }

    /** The ways people write one value: surrounding white space, and case where case does not count. */
    static Gen<String> writtenForms(Person person) {
        Gen<String> padding = Generate.pick(List.of("", " ", "  ", "\t", " \t "));
        Gen<String> body;
        if (person.namespace().equals("phone")) {
            String digits = person.canonical().substring(2);
            body = Generate.pick(List.of(person.canonical(),
                    "+1 (" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6),
                    "+1." + digits.substring(0, 3) + "." + digits.substring(3, 6) + "." + digits.substring(6),
                    "+1 " + digits));
        } else if (person.namespace().equals("ECID")) {
            body = Generate.constant(person.canonical());
        } else {
            body = integers().between(0, Integer.MAX_VALUE).map(mask -> flipCase(person.canonical(), mask));
        }
        return padding.zip(body, padding, (before, value, after) -> before + value + after);
    }

    private static String flipCase(String value, int mask) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append((mask >>> (i % 31) & 1) == 1 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    private static Gen<Person[]> personAndTwoForms() {
        return people().flatMap(person -> writtenForms(person).zip(writtenForms(person),
                (a, b) -> new Person[] {person, new Person(person.namespace(), a), new Person(person.namespace(), b)}));
    }

    @Test
    @DisplayName("normalising is idempotent: the stored form of a value, read again, is itself")
    void idempotent() {
        idempotentUnder(IdentityRule.REAL);
    }

    static void idempotentUnder(IdentityRule rule) {
        Property.forAll(300, personAndTwoForms(), forms -> {
            IdentityNamespace ns = new IdentityNamespace(forms[1].namespace());
            String once = rule.ingest(ns, forms[1].canonical()).orElseThrow();
            assertThat(rule.ingest(ns, once)).as("%s read again", once).contains(once);
        });
    }

    @Test
    @DisplayName("equivalent ways of writing one value give one member: the canonical value")
    void equivalentFormsAreOneMember() {
        oneMemberUnder(IdentityRule.REAL);
    }

    static void oneMemberUnder(IdentityRule rule) {
        Property.forAll(300, personAndTwoForms(), forms -> {
            IdentityNamespace ns = new IdentityNamespace(forms[0].namespace());
            assertThat(rule.ingest(ns, forms[1].canonical())).as("'%s'", forms[1].canonical())
                    .contains(forms[0].canonical());
            assertThat(rule.ingest(ns, forms[2].canonical())).as("'%s'", forms[2].canonical())
                    .isEqualTo(rule.ingest(ns, forms[1].canonical()));
        });
    }

    @Test
    @DisplayName("a lookup finds the member whatever form the query is written in, stored plain or hashed")
    void lookupsFindTheMember() {
        lookupFindsUnder(IdentityRule.REAL);
        lookupFindsUnder(HASHED);
    }

    static void lookupFindsUnder(IdentityRule rule) {
        Property.forAll(300, personAndTwoForms(), forms -> {
            IdentityNamespace ns = new IdentityNamespace(forms[0].namespace());
            String stored = rule.ingest(ns, forms[1].canonical()).orElseThrow();
            assertThat(rule.lookUp(ns, forms[2].canonical())).as("'%s' looked up, '%s' ingested",
                    forms[2].canonical(), forms[1].canonical()).isEqualTo(stored);
        });
    }

    @Test
    @DisplayName("hashed at rest, no stored value is the address or number itself: only its SHA-256")
    void hashedAtRestKeepsNoRawValue() {
        Property.forAll(300, personAndTwoForms(), forms -> {
            IdentityNamespace ns = new IdentityNamespace(forms[0].namespace());
            String stored = HASHED.ingest(ns, forms[1].canonical()).orElseThrow();
            assertThat(stored).matches("[0-9a-f]{64}");
            if (!forms[0].namespace().endsWith("_sha256")) {
                assertThat(stored).isEqualTo(dev.extaudiences.core.identity.Sha256.hex(forms[0].canonical()));
            }
        });
    }

    // ---- examples, one per namespace, from the platforms' published rules ----

    private static Optional<String> real(String namespace, String raw) {
        return IdentityRule.REAL.ingest(new IdentityNamespace(namespace), raw);
    }

    @Test
    void googleCustomerMatch_email_trimmedAndLowerCased() {
        assertThat(real("email", "  Ada.Lovelace@Example.COM ")).contains("ada.lovelace@example.com");
        // the guide's namespace is capitalised (Email); the rule follows the code whatever its case
        assertThat(real("Email", "ADA@EXAMPLE.COM")).contains("ada@example.com");
    }

    @Test
    void googleCustomerMatch_gmailDotsOnlyWhenTheNamespaceAsks() {
        assertThat(real("gmail", "Ada.Love.Lace+ads@GoogleMail.com")).contains("adalovelace@gmail.com");
        assertThat(real("gmail", "ada.lovelace@example.com")).contains("ada.lovelace@example.com");
        // the plain email rule leaves dots and +tags alone: other providers give them a meaning
        assertThat(real("email", "Ada.Lovelace+ads@gmail.com")).contains("ada.lovelace+ads@gmail.com");
    }

    @Test
    void meta_hashedNamespace_lowerCaseHexKept_anythingElseRefusedNeverHashed() {
        String hash = "b5fc85e55755f9e0d030a10ab4429b6b2944855f9a0d60077fe832becbc41d72"; // sha256("ada@example.com")
        assertThat(real("email_lc_sha256", " " + hash.toUpperCase(Locale.ROOT) + " ")).contains(hash);
        assertThat(real("Phone_SHA256", hash)).contains(hash);
        AudienceIdentities identities = IdentityRules.defaults().of(IdentityHandling.DEFAULT);
        IdentityNamespace hashed = new IdentityNamespace("email_lc_sha256");
        for (String notAHash : List.of("ada@example.com", hash.substring(1), hash + "0", hash.replace('b', 'g'),
                "٣".repeat(64))) {
            assertThat(identities.normalise(hashed, notAHash)).as(notAHash)
                    .isEqualTo(new Normalisation.Rejected(IdentityRejection.NOT_A_SHA256));
        }
    }

    @Test
    void ecidAndCrmIds_onlyTrimmed() {
        assertThat(real("ECID", " 4130212Ab ")).contains("4130212Ab");
        assertThat(real("crmId", "\tCRM-0042 ")).contains("CRM-0042");
    }

    @Test
    void phone_withoutNumberingPlans_internationalNumbersOnly() {
        assertThat(real("phone", "+1 (650) 253-0000")).contains("+16502530000");
        AudienceIdentities identities = IdentityRules.defaults().of(
                new IdentityHandling(IdentityStorage.NORMALISED, Optional.of(new PhoneRegion("us"))));
        assertThat(identities.normalise(new IdentityNamespace("phone"), "(650) 253-0000"))
                .isEqualTo(new Normalisation.Rejected(IdentityRejection.PHONE_NEEDS_COUNTRY_CODE));
        assertThat(identities.normalise(new IdentityNamespace("phone"), "+1 650 CALL ME"))
                .isEqualTo(new Normalisation.Rejected(IdentityRejection.PHONE_UNPARSEABLE));
    }

    @Test
    void googleCustomerMatch_hashedAtRest_isTheSha256OfTheNormalisedValue() {
        assertThat(HASHED.ingest(new IdentityNamespace("email"), " Ada@Example.com"))
                .contains("b5fc85e55755f9e0d030a10ab4429b6b2944855f9a0d60077fe832becbc41d72");
        assertThat(HASHED.ingest(new IdentityNamespace("phone"), "+1 650-253-0000"))
                .contains("3ad9f10d73829a714b1383221691d4dbf08484f3ceeae884f53053a1c7bb0a92");
    }

    @Test
    @DisplayName("a lookup of a value its namespace refuses is a 400 naming the value, never a 500")
    void refusedLookupNamesTheValue() {
        Throwable thrown = catchThrowable(() -> IdentityRule.REAL.lookUp(new IdentityNamespace("phone_sha256"), "555"));
        assertThat(thrown).isInstanceOf(DomainException.class);
        assertThat(((DomainException) thrown).error()).isInstanceOfSatisfying(DomainError.Invalid.class,
                invalid -> assertThat(invalid.field()).isEqualTo("value"));
    }

    @Test
    @DisplayName("a row whose identity its namespace refuses is rejected naming the column and why, counted as such")
    void rowsRefusedByTheNamespaceRule() {
        Fields fields = new Fields(List.of(new Field(new FieldName("hash"), FieldType.STRING,
                Optional.of(new IdentityNamespace("email_lc_sha256")), Labels.NONE)));
        RowRules rules = ((RowRules.Result.Ready) RowRules.forHeader(fields, List.of("hash"),
                IdentityRules.defaults().of(IdentityHandling.DEFAULT))).rules();
        RowOutcome outcome = rules.apply(new SourceRecord(2, List.of("ada@example.com")));
        assertThat(outcome).isInstanceOfSatisfying(RowOutcome.Rejected.class, rejected -> {
            assertThat(rejected.by()).isEqualTo(RowOutcome.RejectedBy.NAMESPACE_RULE);
            assertThat(rejected.reason()).isEqualTo("the identity value is not a SHA-256 hash (64 hexadecimal digits)");
        });
        RowOutcome accepted = rules.apply(new SourceRecord(3, List.of(
                " B5FC85E55755F9E0D030A10AB4429B6B2944855F9A0D60077FE832BECBC41D72")));
        assertThat(accepted).isInstanceOfSatisfying(RowOutcome.Accepted.class,
                row -> assertThat(row.normalised()).isEqualTo(1));
    }
    @Test
    @DisplayName("a row's members carry how each identity was written only when normalising changed it (white space alone does not), kept at rest as the identity is")
    void respelledIdentitiesCarryTheirSpelling() {
        Fields fields = new Fields(List.of(
                new Field(new FieldName("crm"), FieldType.STRING, Optional.of(new IdentityNamespace("crmId")),
                        Labels.NONE),
                new Field(new FieldName("email"), FieldType.STRING, Optional.of(new IdentityNamespace("email")),
                        Labels.NONE)));
        for (IdentityHandling handling : List.of(IdentityHandling.DEFAULT,
                IdentityHandling.DEFAULT.withStorage(IdentityStorage.SHA256_OF_NORMALISED))) {
            RowRules rules = ((RowRules.Result.Ready) RowRules.forHeader(fields, List.of("crm", "email"),
                    IdentityRules.defaults().of(handling))).rules();
            boolean hashed = handling.storage() != IdentityHandling.DEFAULT.storage();

            RowOutcome.Accepted respelled = (RowOutcome.Accepted) rules.apply(new SourceRecord(2,
                    List.of(" C-1 ", " Ada@Example.com ")));
            RowOutcome.Accepted asMatched = (RowOutcome.Accepted) rules.apply(new SourceRecord(3,
                    List.of("C-1", "  ada@example.com")));

            assertThat(respelled.normalised()).isEqualTo(1);
            assertThat(respelled.members()).extracting(member -> member.spelling()).containsExactly(Optional.empty(),
                    Optional.of(hashed ? dev.extaudiences.core.identity.Sha256.hex("Ada@Example.com")
                            : "Ada@Example.com"));
            assertThat(asMatched.normalised()).isZero();
            assertThat(asMatched.members()).extracting(member -> member.spelling())
                    .containsOnly(Optional.empty());
        }
    }
}
