package dev.aigw.insight.source.otlp.kafka.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/**
 * An idempotent test sink: writes upsert rows by key into an in-JVM table, as BanyanDB's (entity,
 * timestamp) rows are overwritten by a rewrite. The table outlives jobs, like a real store outlives
 * a job restart; it also counts writes, so a test can tell a replay happened.
 */
public final class UpsertTestSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, Map<String, Object>> TABLES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> WRITES = new ConcurrentHashMap<>();

  private final String table;
  private final SerializableFunction<T, String> key;

  public UpsertTestSink(String table, SerializableFunction<T, String> key) {
    this.table = table;
    this.key = key;
  }

  /** The rows of {@code table}, by key (live view). */
  @SuppressWarnings("unchecked")
  public static <T> Map<String, T> table(String table) {
    return (Map<String, T>)
        (Map<String, ?>) TABLES.computeIfAbsent(table, t -> new ConcurrentHashMap<>());
  }

  /** Writes into {@code table} since the last {@link #resetWrites}. */
  public static long writes(String table) {
    return WRITES.computeIfAbsent(table, t -> new AtomicLong()).get();
  }

  /** Zeroes the write count of {@code table}, keeping its rows. */
  public static void resetWrites(String table) {
    WRITES.computeIfAbsent(table, t -> new AtomicLong()).set(0);
  }

  /** Drops the rows and the write count of {@code table}. */
  public static void drop(String table) {
    TABLES.remove(table);
    WRITES.remove(table);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Map<String, Object> rows = TABLES.computeIfAbsent(table, t -> new ConcurrentHashMap<>());
    AtomicLong writes = WRITES.computeIfAbsent(table, t -> new AtomicLong());
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        rows.put(key.apply(element), element);
        writes.incrementAndGet();
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
