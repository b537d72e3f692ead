package io.promsdk.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The runnable demo jar: the Python guide's pull demo (default) or push demo ({@code --push}).
 *
 * <pre>
 * java -jar promsdk-demo/target/promsdk-demo.jar --port 8080
 * curl http://127.0.0.1:8080/metrics
 * java -jar promsdk-demo/target/promsdk-demo.jar --push --gateway 127.0.0.1:9091 --job demo
 * </pre>
 *
 * <p>Exit codes: 0 after {@code --help}, 1 if the demo cannot start (e.g. the port is taken) or a
 * push failed, 2 for a bad command line.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws InterruptedException {
    int exit = run(args, System.out, System.err);
    if (exit >= 0) {
      System.exit(exit);
    }
    new CountDownLatch(1).await(); // The pull demo serves until the JVM is stopped (Ctrl-C).
  }

  /** Runs the demo; returns the exit code, or -1 when a demo is now running in the background. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (Arrays.asList(args).contains("--push")) {
      return PushDemo.run(args, out, err); // It has its own flags; see PushDemo.USAGE.
    }
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("promsdk-demo: " + e.getMessage());
      err.println(DemoOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      out.println(DemoOptions.USAGE);
      return 0;
    }
    return pull(options, out, err);
  }

  private static int pull(DemoOptions options, PrintStream out, PrintStream err) {
    PullDemo demo;
    try {
      demo = PullDemo.start(options);
    } catch (IOException e) {
      err.println("promsdk-demo: cannot serve on " + options.host() + ":" + options.port() + ": " + e);
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "promsdk-demo-shutdown"));
    String url = "http://" + options.host() + ":" + demo.port() + "/metrics";
    out.println("promsdk pull demo: serving api_called_total, cpu_usage, task_time_histogram and"
        + " task_time_summary on " + url + ", updated every " + options.intervalSeconds() + " s.");
    out.println("Read them with:  curl " + url);
    out.println("Stop with Ctrl-C.");
    return -1;
  }
}
