package dev.aigw.insight.job;

import dev.aigw.insight.job.emit.opensearch.AccessLogDocumentConverter;
import dev.aigw.insight.job.emit.opensearch.AccessLogIndexTemplate;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.job.price.AccessLogPricer;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.redact.AccessLogRedactFunction;
import dev.aigw.insight.job.sample.AccessLogSampleFunction;
import dev.aigw.insight.job.sample.AccessLogSampler;
import dev.aigw.insight.sink.opensearch.OpenSearchSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * Wires the access-log path of the job: decoded records → sampling → cost → redaction of personal
 * data → OpenSearch. It sits beside {@link GenAiInsightJob} because it joins four stages (sample,
 * price, redact, emit); a stage imports only earlier ones (PackageOrderTest).
 *
 * <pre>{@code
 * LogsConfig logs = LogsConfig.fromConfiguration(conf);
 * DataStream<AccessLogRecord> decoded = env.fromSource(
 *     OtlpReceiverSource.<AccessLogRecord>builder().setDecoder(AccessLogDecoder.create(logs, analysis, clock))...,
 *     WatermarkStrategy.noWatermarks(), "otlp-logs");
 * AccessLogPipeline.sinkToOpenSearch(AccessLogPipeline.build(decoded, logs, prices), logs);
 * }</pre>
 */
public final class AccessLogPipeline {

  /** uid and name of the sampling operator. */
  public static final String SAMPLE_UID = "access-log-sample";

  /** uid and name of the pricing operator. */
  public static final String PRICE_UID = "access-log-price";

  /** uid and name of the redaction operator. */
  public static final String REDACT_UID = "access-log-redact";

  /** uid and name of the OpenSearch sink. */
  public static final String SINK_UID = "access-log-opensearch";

  private AccessLogPipeline() {}

  /**
   * Samples the decoded records, prices the kept ones and redacts their personal data; the result
   * goes to a log store.
   */
  public static DataStream<AccessLogRecord> build(
      DataStream<AccessLogRecord> decoded, LogsConfig config, PriceTable prices) {
    return decoded
        .flatMap(new AccessLogSampleFunction(AccessLogSampler.create(config)))
        .uid(SAMPLE_UID)
        .name(SAMPLE_UID)
        .map(new AccessLogPricer(prices))
        .uid(PRICE_UID)
        .name(PRICE_UID)
        .map(new AccessLogRedactFunction(config.redaction()))
        .uid(REDACT_UID)
        .name(REDACT_UID);
  }

  /**
   * The OpenSearch sink for access logs: daily indices, the access-log template, ids per record.
   */
  public static OpenSearchSink<AccessLogRecord> openSearchSink(LogsConfig config) {
    return OpenSearchSink.<AccessLogRecord>builder()
        .setConfig(config.sink())
        .setConverter(new AccessLogDocumentConverter(config.indexPrefix()))
        .setIndexTemplate(AccessLogIndexTemplate.of(config))
        .build();
  }

  /** Attaches the OpenSearch sink with its stable uid. */
  public static DataStreamSink<AccessLogRecord> sinkToOpenSearch(
      DataStream<AccessLogRecord> sampled, LogsConfig config) {
    return sampled.sinkTo(openSearchSink(config)).uid(SINK_UID).name(SINK_UID);
  }
}
