package dev.aigw.insight.job.alert.sink;

import static dev.aigw.insight.options.OptionChecks.checkAtLeast;
import static dev.aigw.insight.options.OptionChecks.checkPositive;

import dev.aigw.insight.job.alert.AlertOptions;
import dev.aigw.insight.options.OptionChecks;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The webhook's validated settings. The secret itself is not here (it would travel in the job
 * graph): only where to read it, on the task manager when the sender opens.
 */
public record WebhookConfig(
    URI url,
    String secretFile,
    String secretEnv,
    int queueCapacity,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration timeout)
    implements Serializable {

  /** The webhook of the options, or null when {@code alerts.webhook.url} is not set. */
  public static WebhookConfig fromConfiguration(ReadableConfig conf) {
    String url = conf.get(AlertOptions.WEBHOOK_URL);
    if (url == null) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw OptionChecks.invalidOption(AlertOptions.WEBHOOK_URL.key(), url, "an http(s) URL");
    }
    OptionChecks.checkOption(
        "http".equals(uri.getScheme()) || "https".equals(uri.getScheme()),
        AlertOptions.WEBHOOK_URL.key(),
        url,
        "an http(s) URL");
    checkAtLeast(
        AlertOptions.WEBHOOK_QUEUE_CAPACITY, conf.get(AlertOptions.WEBHOOK_QUEUE_CAPACITY), 1);
    checkAtLeast(AlertOptions.WEBHOOK_MAX_ATTEMPTS, conf.get(AlertOptions.WEBHOOK_MAX_ATTEMPTS), 1);
    checkPositive(
        AlertOptions.WEBHOOK_INITIAL_BACKOFF, conf.get(AlertOptions.WEBHOOK_INITIAL_BACKOFF));
    checkPositive(AlertOptions.WEBHOOK_MAX_BACKOFF, conf.get(AlertOptions.WEBHOOK_MAX_BACKOFF));
    checkPositive(AlertOptions.WEBHOOK_TIMEOUT, conf.get(AlertOptions.WEBHOOK_TIMEOUT));
    return new WebhookConfig(
        uri,
        conf.get(AlertOptions.WEBHOOK_SECRET_FILE),
        conf.get(AlertOptions.WEBHOOK_SECRET_ENV),
        conf.get(AlertOptions.WEBHOOK_QUEUE_CAPACITY),
        conf.get(AlertOptions.WEBHOOK_MAX_ATTEMPTS),
        conf.get(AlertOptions.WEBHOOK_INITIAL_BACKOFF),
        conf.get(AlertOptions.WEBHOOK_MAX_BACKOFF),
        conf.get(AlertOptions.WEBHOOK_TIMEOUT));
  }
}
