/**
 * Test-only helpers that run the real peers promsdk is checked against: a Prometheus server, a
 * Pushgateway, {@code promtool} and the Python client's parsers. Servers listen on free
 * 127.0.0.1 ports only, each in its own temp directory, and are stopped by PID on close. Also
 * {@link io.promsdk.testsupport.Seeded} and {@link io.promsdk.testsupport.Draw}, which run property
 * tests as plain JUnit 5 tests on random cases that a printed seed replays.
 *
 * <p>Needs the Debian packages {@code prometheus}, {@code prometheus-pushgateway} and
 * {@code python3-prometheus-client}; {@code scripts/test} installs them.
 */
package io.promsdk.testsupport;
