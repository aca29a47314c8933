package dev.aigw.insight.job.emit.banyandb;

import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.sink.banyandb.BanyanDbEmitter;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes kept access logs to the {@link AccessLogStream} in BanyanDB: the record's attributes under
 * their original names plus its time, service, instance, body and cost.
 */
public final class AccessLogRecordEmitter implements BanyanDbEmitter<AccessLogRecord> {

  private static final long serialVersionUID = 1L;

  /** Cost is stored as an integer number of 1e-12 currency units, as the minute cells do. */
  private static final double PICOS_PER_UNIT = 1e12;

  private final AccessLogStream.Emitter stream;

  public AccessLogRecordEmitter(String group) {
    this.stream = new AccessLogStream.Emitter(group);
  }

  @Override
  public void emit(AccessLogRecord record, BanyanDbOutput output) {
    stream.emit(toMap(record), output);
  }

  static Map<String, String> toMap(AccessLogRecord record) {
    Map<String, String> map =
        new HashMap<>(record.attributes == null ? Map.of() : record.attributes);
    map.put(AccessLogStream.KEY_TIMESTAMP_MS, Long.toString(record.timestampMs));
    map.put(AccessLogStream.KEY_SERVICE, record.service);
    if (record.instance != null) {
      map.put(AccessLogStream.KEY_INSTANCE, record.instance);
    }
    map.put(AccessLogStream.KEY_BODY, record.body == null ? "" : record.body);
    if (record.model != null) {
      map.put(AccessLogStream.KEY_MODEL, record.model);
    }
    if (record.estimatedCost != null) {
      map.put(
          AccessLogStream.KEY_COST_PICOS,
          Long.toString(Math.round(record.estimatedCost * PICOS_PER_UNIT)));
    }
    return map;
  }
}
