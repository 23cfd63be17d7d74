package io.apigrants.server.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line of the process, from every thread, until closed: SLF4J events with the
 * root and {@code io.apigrants} loggers turned up to DEBUG (what an operator gets with
 * {@code APIGRANTS_LOG_LEVEL=DEBUG}), and what gRPC logs through {@code java.util.logging}.
 * Closing restores the levels.
 */
public final class LogCapture implements AutoCloseable {
  /** One captured line: its level (SLF4J names), logger, message and stack trace, if any. */
  public record Line(String level, String logger, String message, String stackTrace) {
    public boolean hasStackTrace() {
      return !stackTrace.isEmpty();
    }

    /** Everything the line says, as one text to search. */
    public String text() {
      return level + " " + logger + " " + message + " " + stackTrace;
    }
  }

  private final List<Line> lines = new ArrayList<>();
  private final ch.qos.logback.classic.Logger root;
  private final ch.qos.logback.classic.Logger app;
  private final Level rootLevel;
  private final Level appLevel;
  private final Appender appender = new Appender();
  private final JulHandler julHandler = new JulHandler();

  private LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    app = context.getLogger("io.apigrants");
    rootLevel = root.getLevel();
    appLevel = app.getLevel();
    root.setLevel(Level.DEBUG);
    app.setLevel(Level.DEBUG);
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
    java.util.logging.Logger.getLogger("").addHandler(julHandler);
  }

  /** Starts capturing; close to stop. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** The lines captured so far, in order. */
  public List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Every line captured so far as one text. */
  public String text() {
    return String.join("\n", lines().stream().map(Line::text).toList());
  }

  @Override
  public void close() {
    java.util.logging.Logger.getLogger("").removeHandler(julHandler);
    root.detachAppender(appender);
    appender.stop();
    root.setLevel(rootLevel);
    app.setLevel(appLevel);
  }

  private void add(Line line) {
    synchronized (lines) {
      lines.add(line);
    }
  }

  private final class Appender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      String thrown = event.getThrowableProxy() == null
          ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
      add(new Line(event.getLevel().toString(), event.getLoggerName(),
          event.getFormattedMessage() + " " + event.getMDCPropertyMap(), thrown));
    }
  }

  private final class JulHandler extends Handler {
    @Override
    public void publish(LogRecord record) {
      String thrown = "";
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        thrown = trace.toString();
      }
      add(new Line(slf4jLevel(record.getLevel()), String.valueOf(record.getLoggerName()),
          new java.util.logging.SimpleFormatter().formatMessage(record), thrown));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private static String slf4jLevel(java.util.logging.Level level) {
    int value = level.intValue();
    if (value >= java.util.logging.Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= java.util.logging.Level.WARNING.intValue()) {
      return "WARN";
    }
    if (value >= java.util.logging.Level.INFO.intValue()) {
      return "INFO";
    }
    return value >= java.util.logging.Level.FINE.intValue() ? "DEBUG" : "TRACE";
  }
}
