package io.apigrants.server.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records what one logger and the loggers below it log while open, for tests of what the server
 * says (and never says). Closing it detaches the recorder.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
    events.start();
    logger.addAppender(events);
  }

  /** Starts recording what {@code type}'s logger logs. */
  public static LogCapture of(Class<?> type) {
    return new LogCapture((Logger) LoggerFactory.getLogger(type));
  }

  /** Starts recording what the logger named {@code name}, and those below it, log. */
  public static LogCapture of(String name) {
    return new LogCapture((Logger) LoggerFactory.getLogger(name));
  }

  /** The formatted messages logged at {@code level} so far, in order. */
  public List<String> messagesAt(Level level) {
    return events().stream()
        .filter(event -> event.getLevel().equals(level))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** Every event recorded so far. */
  public List<ILoggingEvent> events() {
    synchronized (events) {
      return List.copyOf(events.list);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(events);
    events.stop();
  }
}
