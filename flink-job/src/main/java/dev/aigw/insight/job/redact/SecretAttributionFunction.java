package dev.aigw.insight.job.redact;

import dev.aigw.insight.job.decode.AttributionValues;
import dev.aigw.insight.job.decode.logs.AccessLogAttributes;
import dev.aigw.insight.job.model.AccessLogRecord;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * The secret attribution attributes (API keys) of access-log records, replaced by the same keyed
 * hash the attribution cells hold ({@link AttributionValues}, the attribution key): a stored log
 * never has the raw key, and its hash finds the key's cells. Runs on the decoded records, before
 * sampling and the redaction rules, so no later operator sees the raw value. The other attributes
 * of the records are untouched (the access-log bounds and redaction rules apply to them).
 */
public final class SecretAttributionFunction
    extends RichMapFunction<AccessLogRecord, AccessLogRecord> {

  private static final long serialVersionUID = 1L;

  private final AttributionValues values;
  private transient AttributionValues.Lookup lookup;
  private transient String[] names;

  public SecretAttributionFunction(AttributionValues values) {
    this.values = values;
  }

  @Override
  public void open(OpenContext openContext) {
    values.open(getRuntimeContext().getMetricGroup());
    lookup = values.lookup();
    List<String> all = values.names();
    names = new String[all.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = values.isSecret(i) ? all.get(i) : null;
    }
  }

  @Override
  public AccessLogRecord map(AccessLogRecord record) {
    if (record.attributes == null || record.attributes.isEmpty()) {
      return record;
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i] == null) {
        continue;
      }
      String value = record.attributes.get(names[i]);
      // a missing value ('-' or empty) identifies no one: left as it is, as the redaction does
      if (value != null && !value.isEmpty() && !value.equals(AccessLogAttributes.MISSING)) {
        record.attributes.put(names[i], lookup.value(i, value));
      }
    }
    return record;
  }
}
