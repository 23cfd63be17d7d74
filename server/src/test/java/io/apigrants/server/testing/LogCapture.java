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
 * Captures log lines until closed, in one of two ways. {@link #start} takes every line of the
 * process, from every thread: SLF4J events with the root and {@code io.apigrants} loggers turned
 * up to DEBUG (what an operator gets with {@code APIGRANTS_LOG_LEVEL=DEBUG}), and what gRPC logs
 * through {@code java.util.logging}. {@link #atConfiguredLevels} takes the same lines at the levels
 * the test run is configured with (enough to look for errors, without DEBUG noise), and
 * {@link #of} what one logger and those below it log. Closing detaches the capture and restores
 * the levels.
 */
public final class LogCapture implements AutoCloseable {
  /** One captured line: its level (SLF4J names), logger, message and stack trace, if any. */
  public record Line(String level, String logger, String message, String context,
      String stackTrace) {
    public boolean hasStackTrace() {
      return !stackTrace.isEmpty();
    }

    /** Everything the line says, as one text to search. */
    public String text() {
      return level + " " + logger + " " + message + " " + context + " " + stackTrace;
    }
  }

  private final List<Line> lines = new ArrayList<>();
  private final ch.qos.logback.classic.Logger attachedTo;
  private final ch.qos.logback.classic.Logger app;
  private final Level attachedLevel;
  private final Level appLevel;
  private final Appender appender = new Appender();
  private final JulHandler julHandler;

  private LogCapture(ch.qos.logback.classic.Logger attachedTo, boolean atDebug,
      boolean withGrpc) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    this.attachedTo = attachedTo;
    this.app = context.getLogger("io.apigrants");
    this.attachedLevel = attachedTo.getLevel();
    this.appLevel = app.getLevel();
    if (atDebug) {
      attachedTo.setLevel(Level.DEBUG);
      app.setLevel(Level.DEBUG);
    }
    appender.setContext(context);
    appender.start();
    attachedTo.addAppender(appender);
    julHandler = withGrpc ? new JulHandler() : null;
    if (julHandler != null) {
      java.util.logging.Logger.getLogger("").addHandler(julHandler);
    }
  }

  /** Starts capturing every line of the process at DEBUG and above; close to stop. */
  public static LogCapture start() {
    return new LogCapture(root(), true, true);
  }

  /** Starts capturing every line of the process at the configured levels; close to stop. */
  public static LogCapture atConfiguredLevels() {
    return new LogCapture(root(), false, true);
  }

  /** Starts capturing what {@code type}'s logger logs; close to stop. */
  public static LogCapture of(Class<?> type) {
    return new LogCapture((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(type), false,
        false);
  }

  private static ch.qos.logback.classic.Logger root() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    return context.getLogger(Logger.ROOT_LOGGER_NAME);
  }

  /** The lines captured so far, in order. */
  public List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The messages captured at {@code level} so far, in order. */
  public List<String> messagesAt(Level level) {
    return lines().stream()
        .filter(line -> line.level().equals(level.toString()))
        .map(Line::message)
        .toList();
  }

  /** Every line captured so far as one text. */
  public String text() {
    return String.join("\n", lines().stream().map(Line::text).toList());
  }

  @Override
  public void close() {
    if (julHandler != null) {
      java.util.logging.Logger.getLogger("").removeHandler(julHandler);
    }
    attachedTo.detachAppender(appender);
    appender.stop();
    attachedTo.setLevel(attachedLevel);
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
          event.getFormattedMessage(), event.getMDCPropertyMap().toString(), thrown));
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
          new java.util.logging.SimpleFormatter().formatMessage(record), "", thrown));
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
