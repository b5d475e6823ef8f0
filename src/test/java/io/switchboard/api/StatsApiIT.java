package io.switchboard.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link StatsApiTest} against the packaged application (the jar, or the native binary where one is built). */
@QuarkusIntegrationTest
class StatsApiIT extends StatsApiTest {
}
