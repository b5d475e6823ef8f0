package io.switchboard.health;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HealthTest} against the packaged application (the jar, or the native binary where one is built). */
@QuarkusIntegrationTest
class HealthIT extends HealthTest {
}
