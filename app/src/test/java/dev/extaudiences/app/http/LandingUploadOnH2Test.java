package dev.extaudiences.app.http;

import java.util.Map;

/** The upload rules with embedded H2 under the data directory (the default store). */
class LandingUploadOnH2Test extends LandingUploadContract {

    @Override
    Map<String, String> store() {
        return Map.of();
    }
}
