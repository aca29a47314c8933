package dev.aigw.insight.source.otlp.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;

/** Fails the task once, on the first record whose attributes contain a marker: a failover. */
public class FailOnce implements MapFunction<ReceivedItem, ReceivedItem> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();

  private final String id;
  private final String marker;

  public FailOnce(String id, String marker) {
    this.id = id;
    this.marker = marker;
    FAILED.put(id, new AtomicBoolean());
  }

  /** Whether the failure happened. */
  public boolean failed() {
    return FAILED.get(id).get();
  }

  @Override
  public ReceivedItem map(ReceivedItem value) {
    if (value.attributes.contains(marker) && FAILED.get(id).compareAndSet(false, true)) {
      throw new IllegalStateException("deliberate failure to test failover");
    }
    return value;
  }
}
