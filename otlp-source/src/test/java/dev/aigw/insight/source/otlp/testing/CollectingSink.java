package dev.aigw.insight.source.otlp.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Collects what a MiniCluster job emits into a static, per-test queue of this JVM. */
public class CollectingSink implements Sink<ReceivedItem> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, Queue<ReceivedItem>> RESULTS = new ConcurrentHashMap<>();

  private final String id;

  public CollectingSink(String id) {
    this.id = id;
    RESULTS.put(id, new ConcurrentLinkedQueue<>());
  }

  /** Everything collected so far, in arrival order. */
  public List<ReceivedItem> items() {
    return new ArrayList<>(RESULTS.get(id));
  }

  /** Number of items collected so far. */
  public int size() {
    return RESULTS.get(id).size();
  }

  @Override
  public SinkWriter<ReceivedItem> createWriter(WriterInitContext context) {
    Queue<ReceivedItem> target = RESULTS.get(id);
    return new SinkWriter<>() {
      @Override
      public void write(ReceivedItem element, Context ctx) {
        target.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
