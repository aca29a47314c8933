package dev.aigw.insight.job.alert.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.schema.alert.AlertDocument;
import dev.aigw.insight.schema.alert.AlertEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers alert events to the webhook from one background thread, so that a webhook that is down
 * or slow never blocks the pipeline: {@link #offer} only puts the event in a bounded queue (a full
 * queue drops it and counts it); the thread POSTs each event, retrying with exponential backoff a
 * failed attempt (connection error, timeout, 408, 429, 5xx) up to the configured attempts, then
 * drops it and counts it. Every request carries {@code Idempotency-Key} (the same for a transition
 * whenever it is sent) and, with a secret, {@code X-Aigw-Signature: sha256=<hex>} (the HMAC-SHA256
 * of the body).
 */
public final class WebhookDelivery implements AutoCloseable {

  /** Header with the transition's idempotency key. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** Header with {@code sha256=<hex HMAC-SHA256 of the body>} when a secret is set. */
  public static final String SIGNATURE = "X-Aigw-Signature";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AlertEvent STOP = new AlertEvent();

  private final WebhookConfig config;
  private final byte[] secret;
  private final HttpClient http;
  private final BlockingQueue<AlertEvent> queue;
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final Set<AlertEvent> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  /** Starts the delivery thread; {@code secret} may be null (no signature). */
  public WebhookDelivery(WebhookConfig config, byte[] secret, String threadName) {
    this.config = config;
    this.secret = secret == null ? null : secret.clone();
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity() + 1);
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues an event without waiting; false (and counted as dropped) when the queue is full. */
  public boolean offer(AlertEvent event) {
    inFlight.add(event);
    if (queue.size() >= config.queueCapacity() || !queue.offer(event)) {
      inFlight.remove(event);
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /** The events offered and not yet delivered or dropped (queued or being sent). */
  public List<AlertEvent> inFlight() {
    return List.copyOf(inFlight);
  }

  public long sent() {
    return sent.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public long retries() {
    return retries.get();
  }

  /** The JSON body of an event (docs/alerts.md). */
  public static String body(AlertEvent event) {
    try {
      return JSON.writeValueAsString(AlertDocument.source(event));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code sha256=<hex>} of the body under the secret. */
  public static String signature(byte[] secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "sha256="
          + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  private void run() {
    try {
      while (true) {
        AlertEvent event = queue.take();
        if (event == STOP) {
          return;
        }
        try {
          deliver(event);
        } finally {
          inFlight.remove(event);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  private void deliver(AlertEvent event) throws InterruptedException {
    String body = body(event);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(config.url())
            .timeout(config.timeout())
            .header("Content-Type", "application/json")
            .header(IDEMPOTENCY_KEY, event.idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (secret != null) {
      request.header(SIGNATURE, signature(secret, body));
    }
    HttpRequest built = request.build();
    long backoffMs = config.initialBackoff().toMillis();
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      int status;
      try {
        status = http.send(built, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        status = -1;
      }
      if (status >= 200 && status < 300) {
        sent.incrementAndGet();
        return;
      }
      boolean retryable = status == -1 || status == 408 || status == 429 || status >= 500;
      if (!retryable || attempt == config.maxAttempts() || closing) {
        break;
      }
      retries.incrementAndGet();
      // the delivery thread's own wait between attempts; the pipeline never waits for it
      TimeUnit.MILLISECONDS.sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, config.maxBackoff().toMillis());
    }
    dropped.incrementAndGet();
  }

  /**
   * Stops taking events and waits up to {@code drain} for the queued ones to be delivered (or
   * dropped); what is left is counted as dropped.
   */
  public void close(Duration drain) throws InterruptedException {
    queue.offer(STOP);
    if (!stopped.await(drain.toMillis(), TimeUnit.MILLISECONDS)) {
      closing = true;
      thread.interrupt();
      stopped.await(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    dropped.addAndGet(queue.stream().filter(e -> e != STOP).count());
    queue.clear();
  }

  @Override
  public void close() throws InterruptedException {
    close(Duration.ZERO);
  }
}
