package dev.aigw.insight.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything logged (by Flink, OpenSearch, gRPC and the job) while it is open, at INFO and above:
 * the root logger and our own logger are set to INFO and write to a buffer as well; closing
 * restores the levels.
 */
final class CapturedLog implements AutoCloseable {

  private static final String APPENDER = "captured-log";
  private static final String OWN_LOGGER = "dev.aigw.insight";

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final LoggerContext context;
  private final Level rootLevel;
  private final Level ownLevel;

  private CapturedLog() {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    OutputStreamAppender appender =
        OutputStreamAppender.newBuilder()
            .setName(APPENDER)
            .setTarget(buffer)
            .setLayout(
                PatternLayout.newBuilder()
                    .withConfiguration(config)
                    .withPattern("%-5p %c - %m%n%throwable")
                    .build())
            .build();
    appender.start();
    config.addAppender(appender);
    LoggerConfig root = config.getRootLogger();
    rootLevel = root.getLevel();
    root.addAppender(appender, Level.INFO, null);
    root.setLevel(Level.INFO);
    LoggerConfig own = config.getLoggerConfig(OWN_LOGGER);
    ownLevel = own.getLevel();
    own.setLevel(Level.INFO);
    context.updateLoggers();
  }

  static CapturedLog atInfo() {
    return new CapturedLog();
  }

  String text() {
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    config.getRootLogger().removeAppender(APPENDER);
    config.getRootLogger().setLevel(rootLevel);
    config.getLoggerConfig(OWN_LOGGER).setLevel(ownLevel);
    context.updateLoggers();
  }
}
