package io.promsdk.demo;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.pushgateway.PushGateway;
import io.promsdk.pushgateway.PushHandler;
import io.promsdk.pushgateway.PushRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * The Python guide's {@code push_demo}: update the four metrics, push them with the token
 * handler, sleep, repeat.
 *
 * <pre>
 * X_BK_TOKEN=TOKEN java -jar promsdk-demo.jar --push --gateway 127.0.0.1:9091 --job my_job
 * </pre>
 *
 * <p>The token comes from {@code --token}, {@code --token-env NAME}, or the environment variable
 * {@value #TOKEN_ENV}; the environment keeps it out of {@code ps}. (Not {@code PROMSDK_TOKEN}:
 * variables named {@code PROMSDK_*} are promsdk's runtime configuration, which refuses unknown
 * ones; {@code PROMSDK_PUSH_HEADERS=X-BK-TOKEN=...} is the configuration's own way.)
 */
final class PushDemo {
  /** Read for the token when neither {@code --token} nor {@code --token-env} is given. */
  static final String TOKEN_ENV = "X_BK_TOKEN";

  static final String USAGE = String.join("\n",
      "Usage: java -jar promsdk-demo.jar --push --gateway ADDR --job JOB",
      "                                  [--token TOKEN | --token-env NAME]",
      "                                  [--instance VALUE] [--interval SECONDS] [--count N]",
      "",
      "The Python guide's push demo: every interval, update api_called_total, cpu_usage,",
      "task_time_histogram and task_time_summary and PUT them to the Pushgateway group",
      "job=JOB,instance=VALUE, with the token in an X-BK-TOKEN header.",
      "",
      "  --gateway ADDR      host:port, or an http(s):// URL with a path prefix (required)",
      "  --job JOB           the job name (required)",
      "  --token TOKEN       sent as the X-BK-TOKEN header; other users can read it in ps,",
      "                      so prefer the environment:",
      "  --token-env NAME    read the token from environment variable NAME",
      "                      (default: $" + TOKEN_ENV + ", else no token)",
      "  --instance VALUE    the instance grouping label (default my.host.ip)",
      "  --interval SECONDS  seconds between pushes (default 10)",
      "  --count N           stop after N pushes; exit 1 if any failed (default 0: forever)",
      "",
      "A value may not start with --: '--token --job x' is an error, not the token '--job'.",
      "The token is never printed; request headers are shown with it masked as ***.");

  /**
   * @param token null for none
   * @param tokenSource where the token came from, for the start message (never the token)
   */
  private record Options(
      String gateway, String job, String token, String tokenSource, String instance,
      int intervalSeconds, int count, boolean help) {}

  private PushDemo() {}

  /**
   * Runs the demo in the calling thread.
   *
   * @param args the command line; {@code --push} is accepted and ignored
   * @return 0 when done (or after {@code --help}), 1 if a push failed, 2 for a bad command line
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, with the token variables read from {@code env}. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Options options;
    PushGateway pg;
    CollectorRegistry registry = new CollectorRegistry();
    try {
      options = parse(args, env);
      if (options.help()) {
        out.println(USAGE);
        return 0;
      }
      if (options.token() != null) {
        // Refuse a token no HTTP header can carry now, naming the header only, not at each push.
        PushRequest.of("PUT", URI.create("http://127.0.0.1/"), Duration.ofSeconds(1))
            .withHeader("X-BK-TOKEN", options.token());
      }
      // The seed's bk_handler: add the token, print the headers, call the default sending.
      PushHandler bkHandler = (request, next) -> {
        PushRequest withToken =
            options.token() == null ? request : request.withHeader("X-BK-TOKEN", options.token());
        out.println(withToken); // toString() masks the token
        return next.send(withToken);
      };
      pg = PushGateway.builder().address(options.gateway()).job(options.job())
          .registry(registry).groupingKey("instance", options.instance()).handler(bkHandler)
          .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("promsdk-demo: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }

    SeedMetrics metrics = new SeedMetrics(registry, new Random());
    out.println("promsdk push demo: pushing to " + pg.groupUri() + " every "
        + options.intervalSeconds() + " s, "
        + (options.token() == null ? "without a token" : "X-BK-TOKEN from " + options.tokenSource())
        + ". Stop with Ctrl-C.");
    boolean failed = false;
    for (int i = 0; options.count() == 0 || i < options.count(); i++) {
      if (i > 0 && !sleep(options.intervalSeconds())) {
        break;
      }
      metrics.update();
      try {
        pg.push();
        out.println("pushed");
      } catch (IOException | RuntimeException e) {
        // The seed's loop dies on the first error; a demo is more useful when it keeps trying.
        failed = true;
        err.println("promsdk-demo: push failed: " + e.getMessage());
      }
    }
    return failed ? 1 : 0;
  }

  private static boolean sleep(int seconds) {
    try {
      Thread.sleep(seconds * 1000L);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Options parse(String[] args, Map<String, String> env) {
    String gateway = null;
    String job = null;
    String token = null;
    String tokenEnv = null;
    String instance = "my.host.ip";
    int interval = 10;
    int count = 0;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--push" -> { }
        case "--gateway" -> gateway = value(args, ++i, arg);
        case "--job" -> job = value(args, ++i, arg);
        case "--token" -> token = value(args, ++i, arg);
        case "--token-env" -> tokenEnv = value(args, ++i, arg);
        case "--instance" -> instance = value(args, ++i, arg);
        case "--interval" -> interval = number(value(args, ++i, arg), arg, 1);
        case "--count" -> count = number(value(args, ++i, arg), arg, 0);
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    if (help) {
      return new Options(gateway, job, null, null, instance, interval, count, true);
    }
    if (gateway == null || job == null) {
      throw new IllegalArgumentException("--push needs --gateway and --job");
    }
    String source = "--token";
    if (token != null && tokenEnv != null) {
      throw new IllegalArgumentException("give either --token or --token-env, not both");
    } else if (tokenEnv != null) {
      token = env.get(tokenEnv);
      source = "$" + tokenEnv;
      if (token == null || token.isEmpty()) {
        throw new IllegalArgumentException(
            "--token-env " + tokenEnv + ": the environment variable " + tokenEnv + " is not set or empty");
      }
    } else if (token == null) {
      String value = env.get(TOKEN_ENV);
      if (value != null && !value.isEmpty()) {
        token = value;
        source = "$" + TOKEN_ENV;
      }
    }
    return new Options(gateway, job, token, token == null ? null : source, instance, interval, count,
        false);
  }

  /** The value after a flag; one starting with {@code --} is the next flag, not a value. */
  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    if (args[i].startsWith("--")) {
      // Not repeated: after --token it could be the token itself.
      throw new IllegalArgumentException(flag + " needs a value, and a value may not start with --"
          + (flag.equals("--token") ? " (use --token-env for such a token)" : ""));
    }
    return args[i];
  }

  private static int number(String v, String flag, int min) {
    try {
      int n = Integer.parseInt(v);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // Reported below.
    }
    throw new IllegalArgumentException(flag + " must be a whole number >= " + min + ", got '" + v + "'");
  }
}
