package dev.extaudiences.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.extaudiences.adapter.phone.LibPhoneNumbers;
import dev.extaudiences.core.IdentityRules;
import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.identity.NamespaceRule;
import dev.extaudiences.core.identity.Normalisation;
import dev.extaudiences.core.identity.PhoneRegion;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentitySettingsTest {

    @Test
    void rulesAndTheDefaultRegionAreReadFromTheSettings() {
        Settings settings = Settings.from(Map.of("EXTAUDIENCES_IDENTITY_RULES", " Email=email-gmail, msisdn=phone ,",
                "EXTAUDIENCES_PHONE_DEFAULT_REGION", "gb"));

        assertThat(settings.identities()).isEqualTo(new IdentitySettings(
                Map.of("email", NamespaceRule.EMAIL_GMAIL, "msisdn", NamespaceRule.PHONE_E164),
                Optional.of(new PhoneRegion("GB"))));
        IdentityRules rules = settings.identities().identityRules(new LibPhoneNumbers());
        assertThat(rules.of(IdentityHandling.DEFAULT).normalise(new IdentityNamespace("msisdn"), "020 7946 0958"))
                .isEqualTo(new Normalisation.Normalised("+442079460958"));
        assertThat(rules.of(IdentityHandling.DEFAULT).normalise(new IdentityNamespace("email"), "A.B+x@gmail.com"))
                .isEqualTo(new Normalisation.Normalised("ab@gmail.com"));
        assertThat(Settings.defaults().identities()).isEqualTo(IdentitySettings.DEFAULTS);
    }

    @Test
    void aRuleOrRegionThatCannotBeReadStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> Settings.from(Map.of("EXTAUDIENCES_IDENTITY_RULES", "email=lowercase")))
                .isInstanceOf(Settings.InvalidSetting.class)
                .hasMessageStartingWith("EXTAUDIENCES_IDENTITY_RULES: 'email=lowercase'")
                .hasMessageContaining("trim, email, email-gmail, phone, sha256");
        assertThatThrownBy(() -> Settings.from(Map.of("EXTAUDIENCES_IDENTITY_RULES", "email")))
                .hasMessage("EXTAUDIENCES_IDENTITY_RULES: 'email' is not namespace=rule");
        assertThatThrownBy(() -> Settings.from(Map.of("EXTAUDIENCES_IDENTITY_RULES", "email=trim,EMAIL=email")))
                .hasMessageContaining("namespace 'EMAIL' is given two rules");
        assertThatThrownBy(() -> Settings.from(Map.of("EXTAUDIENCES_PHONE_DEFAULT_REGION", "USA")))
                .hasMessageStartingWith("EXTAUDIENCES_PHONE_DEFAULT_REGION: must be an ISO 3166-1 alpha-2");
    }
}
