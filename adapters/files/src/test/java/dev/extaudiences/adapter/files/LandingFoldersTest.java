package dev.extaudiences.adapter.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.testkit.Property;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * LZ-01: two scopes never share a landing folder, whatever their names. An org's run reading another org's file
 * would cross the one boundary the contract never lets anything cross.
 */
class LandingFoldersTest {

    private static final Path LANDING = Path.of("/srv/landing");
    private static final DirectoryLandingZone FILES = new DirectoryLandingZone(LANDING);

    /** Names drawn from the characters an escaping scheme is likely to fold together. */
    private static Gen<String> names() {
        Gen<String> piece = Generate.pick(List.of("a", "A", "x", "1", "@", ".", "..", "_", "-", " ", "/", "\\", ":",
                "%", "%2F", "%5F", "é", "\u0000", "\t", "AdobeOrg", "@AdobeOrg", "prod"));
        return lists().of(piece).ofSizeBetween(1, 6).map(parts -> String.join("", parts))
                .assuming(name -> !name.isBlank());
    }

    private static Gen<TenantScope> scopes() {
        return names().zip(names(), TenantScope::of);
    }

    /** Two scopes, half the time the second one a near twin of the first (a separator swapped for another). */
    private static Gen<List<TenantScope>> pairs() {
        Gen<String> separator = Generate.pick(List.of("_", " ", "/", ":", "%", "\\", "é"));
        Gen<List<TenantScope>> twins = scopes().zip(separator, (scope, swap) -> List.of(scope,
                TenantScope.of(swapped(scope.orgId(), swap), swapped(scope.sandboxName(), swap))));
        return Generate.oneOf(twins, scopes().zip(scopes(), List::of))
                .assuming(pair -> !pair.get(0).equals(pair.get(1)));
    }

    private static String swapped(String name, String separator) {
        String twin = name.replaceAll("[_ /:%\\\\é]", Matcher.quoteReplacement(separator));
        return twin.isBlank() ? name : twin;
    }

    @Test
    @DisplayName("LZ-01 two different scopes have two different landing folders")
    void differentScopesNeverShareAFolder() {
        lz01(FILES::directory);
    }

    /** The rule, over any mapping from a scope to its folder. */
    private static void lz01(Function<TenantScope, Path> folder) {
        Property.forAll(1_000, pairs(),
                pair -> assertThat(folder.apply(pair.get(0)))
                        .as("folders of %s and %s", pair.get(0), pair.get(1))
                        .isNotEqualTo(folder.apply(pair.get(1))));
    }

    @Test
    @DisplayName("LZ-02 a scope's folder is exactly two levels below the landing zone, neither of them hidden")
    void aFolderStaysInsideTheLandingZone() {
        Property.forAll(1_000, scopes(), scope -> {
            Path folder = FILES.directory(scope);
            assertThat(folder.getParent().getParent()).isEqualTo(LANDING);
            assertThat(folder.getFileName().toString()).doesNotStartWith(".");
            assertThat(folder.getParent().getFileName().toString()).doesNotStartWith(".");
        });
    }

    @Test
    @DisplayName("LZ-03 the names the old mapping folded together (x y, x/y, x:y, x_y) each have their own folder")
    void namesOnceFoldedTogetherAreApart() {
        List<String> folders = List.of("org C@AdobeOrg", "org_C@AdobeOrg", "org/C@AdobeOrg", "org:C@AdobeOrg").stream()
                .map(org -> FILES.directory(TenantScope.of(org, "prod")).toString()).toList();
        assertThat(folders).doesNotHaveDuplicates();
        assertThat(FILES.directory(TenantScope.of("12345@AdobeOrg", "prod")))
                .as("a name of the public service's shape reads as it is").isEqualTo(LANDING.resolve("12345@AdobeOrg/prod"));
        assertThat(FILES.directory(TenantScope.of("..", ".")))
                .isEqualTo(LANDING.resolve("%2E.").resolve("%2E"));
    }

    @Test
    @DisplayName("LZ-01 fails against the mapping it replaced (anything but [A-Za-z0-9@._-] became _)")
    void theRuleCatchesAFoldingMapping() {
        Function<String, String> folded = name -> name.replaceAll("[^A-Za-z0-9@._-]", "_");
        assertThatThrownBy(() -> lz01(scope -> LANDING.resolve(folded.apply(scope.orgId()))
                .resolve(folded.apply(scope.sandboxName())))).isInstanceOf(AssertionError.class);
    }
}
