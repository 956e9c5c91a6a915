package dev.extaudiences.app.http;

import java.util.Map;

/** The upload rules with the in-memory stores. */
class LandingUploadOnMemoryTest extends LandingUploadContract {

    @Override
    Map<String, String> store() {
        return Map.of("EXTAUDIENCES_STORE", "memory");
    }
}
