package io.promsdk.instrumentation.http;

/**
 * The class of an HTTP status, the {@code outcome} label of Spring Boot and Micrometer: lets a
 * dashboard sum "all server errors" without listing the codes.
 */
public enum Outcome {
  /** 1xx. */
  INFORMATIONAL,
  /** 2xx. */
  SUCCESS,
  /** 3xx. */
  REDIRECTION,
  /** 4xx. */
  CLIENT_ERROR,
  /** 5xx. */
  SERVER_ERROR,
  /** Anything else (a status below 100 or above 599, or none). */
  UNKNOWN;

  /** The outcome of {@code status}, as Spring's {@code HttpOutcome.forStatus}. */
  public static Outcome of(int status) {
    if (status >= 100 && status < 200) {
      return INFORMATIONAL;
    } else if (status >= 200 && status < 300) {
      return SUCCESS;
    } else if (status >= 300 && status < 400) {
      return REDIRECTION;
    } else if (status >= 400 && status < 500) {
      return CLIENT_ERROR;
    } else if (status >= 500 && status < 600) {
      return SERVER_ERROR;
    }
    return UNKNOWN;
  }
}
