package io.apigrants.server.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log event of the process from {@link #start()} to {@link #close()}, at the set levels. */
public final class CapturedLogs implements AutoCloseable {
  private final Logger root;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLogs(Logger root) {
    this.root = root;
  }

  public static CapturedLogs start() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    CapturedLogs logs = new CapturedLogs(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    logs.appender.setContext(context);
    logs.appender.start();
    logs.root.addAppender(logs.appender);
    return logs;
  }

  /** The events captured so far at {@code level} or above. */
  public List<ILoggingEvent> atLeast(Level level) {
    synchronized (appender) {
      return appender.list.stream()
          .filter(event -> event.getLevel().isGreaterOrEqual(level))
          .toList();
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
