package io.promsdk.demo;

/**
 * The command line of the pull demo; {@code --push} goes to {@link PushDemo} before this.
 *
 * @param help print the usage and exit
 */
record DemoOptions(String host, int port, int intervalSeconds, boolean help) {
  static final String USAGE = String.join("\n",
      "Usage: java -jar promsdk-demo.jar [--host HOST] [--port PORT] [--interval SECONDS]",
      "       java -jar promsdk-demo.jar --push --help",
      "",
      "The Python guide's demos in Java. By default the pull demo: the four metrics api_called_total,",
      "cpu_usage, task_time_histogram and task_time_summary, updated every few seconds and served on",
      "http://HOST:PORT/metrics for Prometheus to scrape.",
      "",
      "  --host HOST         address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces)",
      "  --port PORT         port to listen on (default 8080; 0 picks a free one)",
      "  --interval SECONDS  seconds between metric updates (default 5)",
      "  --push              run the push demo instead; --push --help lists its flags",
      "  --help              print this help");

  static final DemoOptions DEFAULTS = new DemoOptions("127.0.0.1", 8080, 5, false);

  /** @throws IllegalArgumentException with a message for the user on a bad command line */
  static DemoOptions parse(String... args) {
    DemoOptions o = DEFAULTS;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--host" -> o = new DemoOptions(value(args, ++i, arg), o.port, o.intervalSeconds, o.help);
        case "--port" -> o = new DemoOptions(o.host, number(args, ++i, arg, 0, 65535), o.intervalSeconds, o.help);
        case "--interval" -> o = new DemoOptions(o.host, o.port, number(args, ++i, arg, 1, 86400), o.help);
        case "--help", "-h" -> o = new DemoOptions(o.host, o.port, o.intervalSeconds, true);
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    return o;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static int number(String[] args, int i, String flag, int min, int max) {
    String v = value(args, i, flag);
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // Reported below with the allowed range.
    }
    throw new IllegalArgumentException(flag + " must be a whole number from " + min + " to " + max + ", got '" + v + "'");
  }
}
