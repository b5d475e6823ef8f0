package io.switchboard.metrics;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HubMetricsTest} against the packaged application (the jar, or the native binary where one is built). */
@QuarkusIntegrationTest
class HubMetricsIT extends HubMetricsTest {
}
