package io.promsdk.examples.boot4;

import io.promsdk.spring.boot.testing.ExampleAppContract;

/** The starter's example-app contract on Spring Boot 4.0, against real Prometheus and Pushgateway. */
class UsersApplicationTest extends ExampleAppContract {
  @Override
  protected Class<?> applicationClass() {
    return UsersApplication.class;
  }
}
