package io.promsdk.pushgateway;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what a {@code System.Logger} logs, through its default backend ({@code
 * java.util.logging}), at every level, with messages and stack traces as text.
 */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger; // held: JUL keeps loggers weakly, and their settings with them
  private final Level oldLevel;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private volatile RuntimeException failNext;

  LogCapture(Class<?> source) {
    this(source.getName());
  }

  /** Captures the logger of that name, e.g. one of the JDK's. */
  LogCapture(String loggerName) {
    logger = Logger.getLogger(loggerName);
    oldLevel = logger.getLevel();
    logger.setLevel(Level.ALL);
    setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** Makes the next {@link #publish} throw {@code failure}, like a broken log backend. */
  LogCapture failNext(RuntimeException failure) {
    failNext = failure;
    return this;
  }

  List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** Every record as level, message and the stack trace of its throwable (causes included). */
  String text() {
    StringBuilder sb = new StringBuilder();
    for (LogRecord r : records) {
      sb.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
      if (r.getThrown() != null) {
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        sb.append(trace).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public void publish(LogRecord record) {
    RuntimeException failure = failNext;
    if (failure != null) {
      failNext = null;
      throw failure;
    }
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(oldLevel);
  }
}
