package dev.extaudiences.testkit.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudiencePatch;
import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.audience.Labels;
import dev.extaudiences.core.error.DomainError;
import dev.extaudiences.core.error.DomainException;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The properties take the rule they check as an argument, so that {@link SpecsDetectBrokenRulesTest} can show each
 * of them failing against a deliberately broken rule.
 */
@DisplayName("PATCH: replace semantics on description, labels, field labels and TTL; nothing else moves")
class AudiencePatchSpecTest {

    /** How a patch applies to an audience, stamped. */
    interface PatchRule {

        PatchRule REAL = Audience::apply;

        Audience apply(Audience audience, AudiencePatch patch, Stamp stamp);
    }

    private record Case(Audience audience, AudiencePatch patch) {
    }

    private static Gen<Case> cases() {
        return Generators.audiences(Generators.freshScope())
                .flatMap(audience -> Generators.patchesFor(audience.fields()).map(patch -> new Case(audience, patch)));
    }

    private static Stamp later(Audience audience) {
        return new Stamp(new UserId("editor"), audience.created().at().plusSeconds(90));
    }

    @Test
    @DisplayName("what the patch names is replaced by exactly the value sent")
    void namedPartsReplaced() {
        namedPartsReplaced(PatchRule.REAL);
    }

    static void namedPartsReplaced(PatchRule rule) {
        Property.forAll(cases(), c -> {
            Audience after = rule.apply(c.audience(), c.patch(), later(c.audience()));

            assertThat(after.description()).isEqualTo(c.patch().description().applyTo(c.audience().description()));
            c.patch().labels().ifPresent(labels -> assertThat(after.labels()).isEqualTo(labels));
            c.patch().ttl().ifPresent(ttl -> assertThat(after.ttl()).isEqualTo(ttl));
            c.patch().fieldLabels().ifPresent(perField -> perField.forEach((name, labels) ->
                    assertThat(after.fields().byName(name).orElseThrow().labels()).isEqualTo(labels)));
        });
    }

    @Test
    @DisplayName("everything the patch does not name is unchanged, but the update stamp and version")
    void nothingElseMoves() {
        nothingElseMoves(PatchRule.REAL);
    }

    static void nothingElseMoves(PatchRule rule) {
        Property.forAll(cases(), c -> {
            Audience before = c.audience();
            Stamp stamp = later(before);
            Audience after = rule.apply(before, c.patch(), stamp);

            assertThat(after.updated()).isEqualTo(stamp);
            assertThat(after.version()).isEqualTo(before.version() + 1);
            assertThat(after)
                    .usingRecursiveComparison()
                    .ignoringFields("description", "labels", "fields", "ttl", "updated", "version")
                    .isEqualTo(before);
            if (c.patch().labels().isEmpty()) {
                assertThat(after.labels()).isEqualTo(before.labels());
            }
            if (c.patch().ttl().isEmpty()) {
                assertThat(after.ttl()).isEqualTo(before.ttl());
            }
            Map<FieldName, Labels> perField = c.patch().fieldLabels().orElse(Map.of());
            for (Field field : before.fields().values()) {
                Field patched = after.fields().byName(field.name()).orElseThrow();
                assertThat(patched.type()).isEqualTo(field.type());
                assertThat(patched.identityNs()).isEqualTo(field.identityNs());
                if (!perField.containsKey(field.name())) {
                    assertThat(patched.labels()).isEqualTo(field.labels());
                }
            }
            assertThat(after.fields().values()).extracting(Field::name)
                    .containsExactlyElementsOf(before.fields().values().stream().map(Field::name).toList());
        });
    }

    @Test
    @DisplayName("applying a patch twice gives what applying it once gave (idempotent), stamp and version aside")
    void idempotent() {
        idempotent(PatchRule.REAL);
    }

    static void idempotent(PatchRule rule) {
        Property.forAll(cases(), c -> {
            Stamp stamp = later(c.audience());
            Audience once = rule.apply(c.audience(), c.patch(), stamp);
            Audience twice = rule.apply(once, c.patch(), stamp);

            assertThat(twice).usingRecursiveComparison().ignoringFields("version").isEqualTo(once);
        });
    }

    @Test
    @DisplayName("a field name the audience does not have is refused by name, and nothing is applied")
    void unknownFieldRefused() {
        unknownFieldRefused(PatchRule.REAL);
    }

    static void unknownFieldRefused(PatchRule rule) {
        Property.forAll(Generators.audiences(Generators.freshScope()), audience -> {
            AudiencePatch patch = AudiencePatch.NONE.withFieldLabels(Map.of(new FieldName("not-a-field-0"),
                    Labels.of("core/C1")));

            Throwable thrown = catchThrowable(() -> rule.apply(audience, patch, later(audience)));

            assertThat(thrown).isInstanceOf(DomainException.class);
            assertThat(((DomainException) thrown).error()).isInstanceOfSatisfying(DomainError.Invalid.class,
                    invalid -> assertThat(invalid.rule()).contains("not-a-field-0"));
        });
    }

    @Test
    @DisplayName("only description, labels, fields and ttlInDays are patchable; any other property is refused by name")
    void onlyPatchableProperties() {
        AudiencePatch.requireOnlyPatchable(List.of("description", "labels", "fields", "ttlInDays"));
        for (String property : List.of("name", "audienceId", "sourceSpec", "customAudienceId", "createdAt", "tags")) {
            Throwable thrown = catchThrowable(() -> AudiencePatch.requireOnlyPatchable(List.of("labels", property)));
            assertThat(((DomainException) thrown).error()).isInstanceOfSatisfying(DomainError.Invalid.class,
                    invalid -> assertThat(invalid.field()).isEqualTo(property));
        }
    }
}
