package io.promsdk.examples.boot4;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot 4.0 service with one route, {@code GET /users/{id}}, and no metrics code at all:
 * promsdk-spring-boot-starter on the classpath and application.properties give it {@code
 * /metrics}, JVM and request metrics, {@code /actuator/promsdk} and pushing.
 */
@SpringBootApplication
@RestController
public class UsersApplication {

  public static void main(String[] args) {
    SpringApplication.run(UsersApplication.class, args);
  }

  /** A user, as JSON. */
  public record User(long id, String name) {}

  @GetMapping("/users/{id}")
  public User user(@PathVariable("id") long id) {
    return new User(id, "user" + id);
  }
}
