package dev.aigw.insight.job.redact;

import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.LogsMetrics;
import dev.aigw.insight.job.options.RedactionConfig;
import dev.aigw.insight.job.options.RedactionConfig.Action;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redaction step of the access-log path: the last operator before the sinks, so that nothing
 * stored (OpenSearch documents, BanyanDB stream elements) holds a redacted attribute's value. The
 * secret is read here, on the TaskManager, when the operator opens.
 */
public final class AccessLogRedactFunction
    extends RichMapFunction<AccessLogRecord, AccessLogRecord> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AccessLogRedactFunction.class);

  private final RedactionConfig config;
  private transient AccessLogRedactor redactor;
  private transient Counter dropped;
  private transient Counter hashed;

  public AccessLogRedactFunction(RedactionConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    byte[] secret = HmacSecret.read(config, System::getenv);
    redactor = new AccessLogRedactor(config, secret);
    dropped = getRuntimeContext().getMetricGroup().counter(LogsMetrics.REDACTED_DROPPED);
    hashed = getRuntimeContext().getMetricGroup().counter(LogsMetrics.REDACTED_HASHED);
    if (!redactor.hashes() && config.actions().containsValue(Action.HASH)) {
      LOG.info(
          "No redaction secret configured: the attributes set to 'hash' are dropped instead ({})",
          config.actions());
    }
  }

  @Override
  public AccessLogRecord map(AccessLogRecord record) {
    int[] counts = redactor.redact(record);
    dropped.inc(counts[0]);
    hashed.inc(counts[1]);
    return record;
  }
}
