package dev.aigw.insight.source.otlp.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * A deliberately slow downstream: a map (chained to the source, so it holds the task thread) that
 * blocks every record until the test opens the gate.
 */
public class Gate implements MapFunction<ReceivedItem, ReceivedItem> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, CountDownLatch> OPEN = new ConcurrentHashMap<>();
  private static final Map<String, CountDownLatch> ENTERED = new ConcurrentHashMap<>();

  private final String id;

  public Gate(String id) {
    this.id = id;
    OPEN.put(id, new CountDownLatch(1));
    ENTERED.put(id, new CountDownLatch(1));
  }

  /** Lets every waiting and future record through. */
  public void open() {
    OPEN.get(id).countDown();
  }

  /** Waits until a record is held at the gate. */
  public void awaitEntered() throws InterruptedException {
    ENTERED.get(id).await();
  }

  @Override
  public ReceivedItem map(ReceivedItem value) throws Exception {
    ENTERED.get(id).countDown();
    OPEN.get(id).await();
    return value;
  }
}
