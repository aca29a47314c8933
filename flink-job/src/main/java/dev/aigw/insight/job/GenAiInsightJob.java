package dev.aigw.insight.job;

import dev.aigw.insight.job.JobOptions.CellStore;
import dev.aigw.insight.job.JobOptions.LogStore;
import dev.aigw.insight.job.aggregate.AttributionPipeline;
import dev.aigw.insight.job.aggregate.AttributionRollUps;
import dev.aigw.insight.job.aggregate.GenAiMetricsPipeline;
import dev.aigw.insight.job.aggregate.RollUpPipeline;
import dev.aigw.insight.job.aggregate.spans.AppAttributionPipeline;
import dev.aigw.insight.job.aggregate.spans.AppAttributionRollUps;
import dev.aigw.insight.job.aggregate.spans.AppCellsPipeline;
import dev.aigw.insight.job.aggregate.spans.AppRollUps;
import dev.aigw.insight.job.alert.AlertOptions;
import dev.aigw.insight.job.alert.AlertPipeline;
import dev.aigw.insight.job.config.JobConfigLoader;
import dev.aigw.insight.job.decode.AttributionValues;
import dev.aigw.insight.job.decode.GatewayTelemetryDecoder;
import dev.aigw.insight.job.decode.TelemetrySplitter;
import dev.aigw.insight.job.decode.logs.AccessLogDecoder;
import dev.aigw.insight.job.decode.metrics.GenAiMetricDecoder;
import dev.aigw.insight.job.decode.spans.LlmSpanDecoder;
import dev.aigw.insight.job.emit.CellFamily;
import dev.aigw.insight.job.emit.banyandb.AccessLogRecordEmitter;
import dev.aigw.insight.job.emit.banyandb.GenAiMeasures;
import dev.aigw.insight.job.emit.banyandb.GenAiStorageOptions;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.model.AccessLogStatusCount;
import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Telemetry;
import dev.aigw.insight.job.model.TelemetrySignal;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.options.AttributionOptions;
import dev.aigw.insight.job.options.LogsConfig;
import dev.aigw.insight.job.options.RollUpOptions;
import dev.aigw.insight.job.options.SpanOptions;
import dev.aigw.insight.job.redact.SecretAttributionFunction;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.schema.app.AppAttributionCell;
import dev.aigw.insight.schema.app.AppAttributionStoreNames;
import dev.aigw.insight.schema.app.AppCell;
import dev.aigw.insight.schema.app.AppCellStoreNames;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.cell.CellResolution;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.sink.banyandb.BanyanDbEmitter;
import dev.aigw.insight.sink.banyandb.BanyanDbSink;
import dev.aigw.insight.source.otlp.OtlpReceiverSource;
import dev.aigw.insight.source.otlp.kafka.OtlpKafkaSourceConfig;
import dev.aigw.insight.source.otlp.kafka.OtlpKafkaSources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's entry point: OTLP in (gRPC and/or Kafka), GenAI minute cells and sampled access logs
 * out (BanyanDB and/or OpenSearch).
 *
 * <p>Submit the cluster jar with options as arguments or in a YAML file:
 *
 * <pre>{@code
 * flink run -d flink-job-cluster.jar --config /opt/insight/job.yaml --banyandb.targets banyandb:17912
 * }</pre>
 *
 * <p>Every stateful operator has a stable uid (the constants here and in the pipelines): changing
 * one loses that operator's state on the next savepoint upgrade.
 */
public final class GenAiInsightJob {

  public static final String UID_GRPC_SOURCE = "otlp-grpc-source";
  public static final String UID_GRPC_SPLIT = "otlp-grpc-split";
  public static final String UID_KAFKA_SPLIT = "otlp-kafka-split";
  public static final String UID_CELLS_BANYANDB = "cells-banyandb-sink";
  public static final String UID_CELLS_OPENSEARCH = "cells-opensearch-sink";
  public static final String UID_LOGS_BANYANDB = "access-log-banyandb-sink";
  public static final String UID_APP_CELLS_BANYANDB = "app-cells-banyandb-sink";
  public static final String UID_APP_CELLS_OPENSEARCH = "app-cells-opensearch-sink";
  public static final String UID_APP_HOUR_BANYANDB = "app-hour-cells-banyandb-sink";
  public static final String UID_APP_HOUR_OPENSEARCH = "app-hour-cells-opensearch-sink";
  public static final String UID_APP_DAY_BANYANDB = "app-day-cells-banyandb-sink";
  public static final String UID_APP_DAY_OPENSEARCH = "app-day-cells-opensearch-sink";
  public static final String UID_ATTRIBUTION_BANYANDB = "attribution-cells-banyandb-sink";
  public static final String UID_ATTRIBUTION_OPENSEARCH = "attribution-cells-opensearch-sink";
  public static final String UID_ATTRIBUTION_LOG_SECRETS = "attribution-access-log-secrets";
  public static final String UID_HOUR_CELLS_BANYANDB = "hour-cells-banyandb-sink";
  public static final String UID_HOUR_CELLS_OPENSEARCH = "hour-cells-opensearch-sink";
  public static final String UID_DAY_CELLS_BANYANDB = "day-cells-banyandb-sink";
  public static final String UID_DAY_CELLS_OPENSEARCH = "day-cells-opensearch-sink";
  public static final String UID_ATTRIBUTION_HOUR_BANYANDB = "attribution-hour-cells-banyandb-sink";
  public static final String UID_ATTRIBUTION_HOUR_OPENSEARCH =
      "attribution-hour-cells-opensearch-sink";
  public static final String UID_ATTRIBUTION_DAY_BANYANDB = "attribution-day-cells-banyandb-sink";
  public static final String UID_ATTRIBUTION_DAY_OPENSEARCH =
      "attribution-day-cells-opensearch-sink";
  public static final String UID_APP_ATTRIBUTION_BANYANDB = "genai-app-attribution-banyandb-sink";
  public static final String UID_APP_ATTRIBUTION_OPENSEARCH =
      "genai-app-attribution-opensearch-sink";
  public static final String UID_APP_ATTRIBUTION_HOUR_BANYANDB =
      "genai-app-attribution-hour-banyandb-sink";
  public static final String UID_APP_ATTRIBUTION_HOUR_OPENSEARCH =
      "genai-app-attribution-hour-opensearch-sink";
  public static final String UID_APP_ATTRIBUTION_DAY_BANYANDB =
      "genai-app-attribution-day-banyandb-sink";
  public static final String UID_APP_ATTRIBUTION_DAY_OPENSEARCH =
      "genai-app-attribution-day-opensearch-sink";

  private GenAiInsightJob() {}

  public static void main(String[] args) throws Exception {
    Configuration conf = withJobDefaults(JobConfigLoader.load(args));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    build(env, conf);
    env.execute(conf.get(JobOptions.JOB_NAME));
  }

  /**
   * Fills in what this job needs when the user did not choose otherwise: RocksDB with incremental
   * checkpoints and bloom filters, a checkpoint interval (sinks flush and acknowledgements are
   * answered on checkpoints), and no silent Kryo fallback for state types.
   */
  public static Configuration withJobDefaults(Configuration given) {
    Configuration conf = new Configuration(given);
    if (!conf.contains(StateBackendOptions.STATE_BACKEND)) {
      conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    }
    if (!conf.contains(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)) {
      conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    }
    if (!conf.contains(CheckpointingOptions.CHECKPOINTING_INTERVAL)) {
      conf.set(
          CheckpointingOptions.CHECKPOINTING_INTERVAL,
          JobOptions.DEFAULT_CHECKPOINT_INTERVAL.defaultValue());
    }
    if (!conf.contains(PipelineOptions.GENERIC_TYPES)) {
      conf.set(PipelineOptions.GENERIC_TYPES, false);
    }
    // A bloom filter answers the lookups of absent keys (a window's first partial of a minute, a
    // guard's new name) without reading the files. Set when the span deduplication still read
    // RocksDB per span (+26 % spans per core then, benchmarks.md); kept for those lookups.
    if (!conf.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)) {
      conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
    }
    return conf;
  }

  /** Adds the whole pipeline to {@code env}; {@code conf} holds the job's options. */
  public static void build(StreamExecutionEnvironment env, Configuration conf) {
    build(env, conf, JobClock.SYSTEM);
  }

  /**
   * Adds the whole pipeline to {@code env}, every time-driven part (the decoders' event-time
   * bounds, the idle watermark advance) reading {@code clock}: tests that replay historical data
   * pass a clock of their data's time.
   */
  public static void build(StreamExecutionEnvironment env, Configuration conf, JobClock clock) {
    AnalysisConfig analysis = AnalysisConfig.fromConfiguration(conf);
    LogsConfig logs = LogsConfig.fromConfiguration(conf);
    boolean spans = conf.get(SpanOptions.ENABLED);
    AttributionConfig attribution = AttributionConfig.fromConfiguration(conf);
    AccessLogDecoder logDecoder =
        logs.enabled() ? AccessLogDecoder.create(logs, analysis, clock) : null;
    if (logDecoder != null && AlertPipeline.needsStatusCounts(conf)) {
      // the status_*_share alert metrics count every decoded access log, before the sampling
      logDecoder = logDecoder.withStatusCounts();
    }
    GatewayTelemetryDecoder decoder =
        new GatewayTelemetryDecoder(
            GenAiMetricDecoder.create(analysis, attribution, clock),
            logDecoder,
            spans ? LlmSpanDecoder.create(analysis, attribution, clock) : null);

    List<SingleOutputStreamOperator<Void>> splits = ingest(env, conf, decoder);
    DataStream<ResourcePoints> points =
        signal(splits, TelemetrySignal.METRIC_POINTS, ResourcePoints.class);
    DataStream<AccessLogRecord> decodedLogs =
        signal(splits, TelemetrySignal.ACCESS_LOGS, AccessLogRecord.class);

    AttributionPipeline.Partials partials =
        AttributionPipeline.partials(points, analysis, attribution, clock);
    SingleOutputStreamOperator<MinuteCell> cells =
        GenAiMetricsPipeline.cells(analysis, clock, partials.metrics());
    sinkCells(cells, conf);
    if (conf.get(RollUpOptions.ENABLED)) {
      sinkRollUps(RollUpPipeline.build(cells, analysis), conf);
    }
    SingleOutputStreamOperator<AttributionCell> attributed = null;
    if (attribution.enabled()) {
      attributed = AttributionPipeline.cells(analysis, attribution, clock, partials.attributed());
      sinkAttributionCells(attributed, conf);
      if (conf.get(RollUpOptions.ENABLED)) {
        sinkAttributionRollUps(AttributionRollUps.build(attributed, analysis), conf);
      }
    }
    DataStream<AccessLogRecord> sampled = null;
    if (logs.enabled()) {
      if (attribution.hasSecrets()) {
        // the secret attribution attributes (API keys) of the logs: the cells' hash, never raw
        decodedLogs =
            decodedLogs
                .map(
                    new SecretAttributionFunction(
                        new AttributionValues(
                            attribution,
                            analysis.maxDimensionBytes(),
                            analysis.maxAttributesPerPoint())))
                .uid(UID_ATTRIBUTION_LOG_SECRETS)
                .name("Access-log secret attribution attributes hashed");
      }
      sampled = AccessLogPipeline.build(decodedLogs, logs, analysis.priceTable());
      sinkLogs(sampled, conf, logs);
    }
    if (spans) {
      DataStream<LlmCall> calls =
          AppCellsPipeline.countedCalls(
              signal(splits, TelemetrySignal.LLM_CALLS, LlmCall.class),
              analysis,
              conf.get(SpanOptions.DEDUP_TTL),
              SpanOptions.dedupMemoryBytes(conf),
              SpanOptions.maxApplications(conf),
              clock);
      SingleOutputStreamOperator<AppCell> appCells = AppCellsPipeline.cells(calls, analysis, clock);
      sinkAppCells(appCells, conf);
      if (conf.get(RollUpOptions.ENABLED)) {
        sinkAppRollUps(AppRollUps.build(appCells, analysis), conf);
      }
      if (attribution.enabled()) {
        // the same attributes by application, beside (never inside) the gateway's attribution cells
        SingleOutputStreamOperator<AppAttributionCell> appAttributed =
            AppAttributionPipeline.cells(calls, analysis, attribution, clock);
        sinkAppAttributionCells(appAttributed, conf);
        if (conf.get(RollUpOptions.ENABLED)) {
          sinkAppAttributionRollUps(AppAttributionRollUps.build(appAttributed, analysis), conf);
        }
      }
    }
    AlertPipeline.build(
        cells,
        attributed,
        sampled,
        logDecoder != null && logDecoder.countsStatuses()
            ? signal(splits, TelemetrySignal.ACCESS_LOG_STATUS, AccessLogStatusCount.class)
            : null,
        conf,
        analysis,
        clock,
        conf.get(JobOptions.CELL_STORE) == CellStore.OPENSEARCH);
  }

  /** One signal's payloads from the splits of every ingestion path. */
  private static <T> DataStream<T> signal(
      List<SingleOutputStreamOperator<Void>> splits, TelemetrySignal signal, Class<T> type) {
    DataStream<T> all = splits.get(0).getSideOutput(signal.outputTag(type));
    for (SingleOutputStreamOperator<Void> other : splits.subList(1, splits.size())) {
      all = all.union(other.getSideOutput(signal.outputTag(type)));
    }
    return all;
  }

  /**
   * One split per enabled ingestion path: its source, then the {@link TelemetrySplitter} that sends
   * each signal to its side output.
   */
  private static List<SingleOutputStreamOperator<Void>> ingest(
      StreamExecutionEnvironment env, Configuration conf, GatewayTelemetryDecoder decoder) {
    List<SingleOutputStreamOperator<Void>> inputs = new ArrayList<>();
    if (conf.get(JobOptions.OTLP_GRPC_ENABLED)) {
      OtlpReceiverSource<Telemetry> source =
          OtlpReceiverSource.<Telemetry>builder()
              .setDecoder(decoder)
              .setConfiguration(conf)
              .build();
      // The split stays chained to its source, so the tagged wrapper never crosses an exchange.
      inputs.add(
          env.fromSource(source, WatermarkStrategy.noWatermarks(), "OTLP/gRPC receiver")
              .uid(UID_GRPC_SOURCE)
              .process(new TelemetrySplitter())
              .uid(UID_GRPC_SPLIT)
              .name("Split gRPC metrics and logs"));
    }
    if (conf.get(JobOptions.KAFKA_ENABLED)) {
      inputs.add(
          env.fromSource(
                  OtlpKafkaSources.create(OtlpKafkaSourceConfig.fromConfiguration(conf), decoder),
                  WatermarkStrategy.noWatermarks(),
                  OtlpKafkaSources.SOURCE_NAME)
              .uid(OtlpKafkaSources.SOURCE_UID)
              .process(new TelemetrySplitter())
              .uid(UID_KAFKA_SPLIT)
              .name("Split Kafka metrics and logs"));
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(
          "No ingestion path is enabled: set "
              + JobOptions.OTLP_GRPC_ENABLED.key()
              + " or "
              + JobOptions.KAFKA_ENABLED.key()
              + " to true");
    }
    return inputs;
  }

  /** The gateway's minute cells to the cell store. */
  private static void sinkCells(DataStream<MinuteCell> cells, Configuration conf) {
    sinkToCellStore(
        cells,
        CellFamily.GATEWAY,
        CellResolution.MINUTE,
        conf.get(JobOptions.CELL_INDEX_PREFIX),
        UID_CELLS_BANYANDB,
        UID_CELLS_OPENSEARCH,
        conf);
  }

  /**
   * The hour and day cells to the cell store: BanyanDB measures of the hour and day groups, or
   * their OpenSearch indices (each with its own index template).
   */
  private static void sinkRollUps(RollUpPipeline.RollUps rollUps, Configuration conf) {
    if (conf.get(JobOptions.CELL_STORE) == CellStore.OPENSEARCH) {
      RollUpOptions.check(
          conf,
          Map.of(
              JobOptions.CELL_INDEX_PREFIX.key(), conf.get(JobOptions.CELL_INDEX_PREFIX),
              AttributionOptions.INDEX_PREFIX.key(), conf.get(AttributionOptions.INDEX_PREFIX),
              AlertOptions.INDEX_PREFIX.key(), conf.get(AlertOptions.INDEX_PREFIX)));
    }
    sinkToCellStore(
        rollUps.hours(),
        CellFamily.GATEWAY,
        CellResolution.HOUR,
        conf.get(RollUpOptions.HOUR_INDEX_PREFIX),
        UID_HOUR_CELLS_BANYANDB,
        UID_HOUR_CELLS_OPENSEARCH,
        conf);
    sinkToCellStore(
        rollUps.days(),
        CellFamily.GATEWAY,
        CellResolution.DAY,
        conf.get(RollUpOptions.DAY_INDEX_PREFIX),
        UID_DAY_CELLS_BANYANDB,
        UID_DAY_CELLS_OPENSEARCH,
        conf);
  }

  /** The application cells to the cell store (BanyanDB measures or daily OpenSearch indices). */
  private static void sinkAppCells(DataStream<AppCell> cells, Configuration conf) {
    sinkToCellStore(
        cells,
        CellFamily.APPLICATION,
        CellResolution.MINUTE,
        AppCellStoreNames.DEFAULT_INDEX_PREFIX,
        UID_APP_CELLS_BANYANDB,
        UID_APP_CELLS_OPENSEARCH,
        conf);
  }

  /**
   * The application hour and day cells to the cell store: their measures in the hour and day
   * groups, or their monthly and yearly OpenSearch indices.
   */
  private static void sinkAppRollUps(AppRollUps.RollUps rollUps, Configuration conf) {
    sinkToCellStore(
        rollUps.hours(),
        CellFamily.APPLICATION,
        CellResolution.HOUR,
        AppCellStoreNames.indexPrefix(CellResolution.HOUR),
        UID_APP_HOUR_BANYANDB,
        UID_APP_HOUR_OPENSEARCH,
        conf);
    sinkToCellStore(
        rollUps.days(),
        CellFamily.APPLICATION,
        CellResolution.DAY,
        AppCellStoreNames.indexPrefix(CellResolution.DAY),
        UID_APP_DAY_BANYANDB,
        UID_APP_DAY_OPENSEARCH,
        conf);
  }

  /** The application attribution cells (spans) to the cell store, in measures of their own. */
  private static void sinkAppAttributionCells(
      DataStream<AppAttributionCell> cells, Configuration conf) {
    sinkToCellStore(
        cells,
        CellFamily.APPLICATION_ATTRIBUTION,
        CellResolution.MINUTE,
        AppAttributionStoreNames.DEFAULT_INDEX_PREFIX,
        UID_APP_ATTRIBUTION_BANYANDB,
        UID_APP_ATTRIBUTION_OPENSEARCH,
        conf);
  }

  /**
   * The application attribution hour and day cells to the cell store: their measures in the hour
   * and day groups, or their monthly and yearly OpenSearch indices (fixed prefixes, as the
   * application roll-ups').
   */
  private static void sinkAppAttributionRollUps(
      AppAttributionRollUps.RollUps rollUps, Configuration conf) {
    sinkToCellStore(
        rollUps.hours(),
        CellFamily.APPLICATION_ATTRIBUTION,
        CellResolution.HOUR,
        AppAttributionStoreNames.indexPrefix(CellResolution.HOUR),
        UID_APP_ATTRIBUTION_HOUR_BANYANDB,
        UID_APP_ATTRIBUTION_HOUR_OPENSEARCH,
        conf);
    sinkToCellStore(
        rollUps.days(),
        CellFamily.APPLICATION_ATTRIBUTION,
        CellResolution.DAY,
        AppAttributionStoreNames.indexPrefix(CellResolution.DAY),
        UID_APP_ATTRIBUTION_DAY_BANYANDB,
        UID_APP_ATTRIBUTION_DAY_OPENSEARCH,
        conf);
  }

  /** The attribution cells to the cell store (BanyanDB measures or OpenSearch indices). */
  private static void sinkAttributionCells(DataStream<AttributionCell> cells, Configuration conf) {
    sinkToCellStore(
        cells,
        CellFamily.ATTRIBUTION,
        CellResolution.MINUTE,
        conf.get(AttributionOptions.INDEX_PREFIX),
        UID_ATTRIBUTION_BANYANDB,
        UID_ATTRIBUTION_OPENSEARCH,
        conf);
  }

  /**
   * The attribution hour and day cells to the cell store: their measures in the hour and day
   * groups, or their monthly and yearly OpenSearch indices.
   */
  private static void sinkAttributionRollUps(
      AttributionRollUps.RollUps rollUps, Configuration conf) {
    if (conf.get(JobOptions.CELL_STORE) == CellStore.OPENSEARCH) {
      RollUpOptions.check(
          conf,
          AttributionOptions.HOUR_INDEX_PREFIX,
          AttributionOptions.DAY_INDEX_PREFIX,
          Map.of(
              JobOptions.CELL_INDEX_PREFIX.key(), conf.get(JobOptions.CELL_INDEX_PREFIX),
              AttributionOptions.INDEX_PREFIX.key(), conf.get(AttributionOptions.INDEX_PREFIX),
              RollUpOptions.HOUR_INDEX_PREFIX.key(), conf.get(RollUpOptions.HOUR_INDEX_PREFIX),
              RollUpOptions.DAY_INDEX_PREFIX.key(), conf.get(RollUpOptions.DAY_INDEX_PREFIX),
              AlertOptions.INDEX_PREFIX.key(), conf.get(AlertOptions.INDEX_PREFIX)));
    }
    sinkToCellStore(
        rollUps.hours(),
        CellFamily.ATTRIBUTION,
        CellResolution.HOUR,
        conf.get(AttributionOptions.HOUR_INDEX_PREFIX),
        UID_ATTRIBUTION_HOUR_BANYANDB,
        UID_ATTRIBUTION_HOUR_OPENSEARCH,
        conf);
    sinkToCellStore(
        rollUps.days(),
        CellFamily.ATTRIBUTION,
        CellResolution.DAY,
        conf.get(AttributionOptions.DAY_INDEX_PREFIX),
        UID_ATTRIBUTION_DAY_BANYANDB,
        UID_ATTRIBUTION_DAY_OPENSEARCH,
        conf);
  }

  /**
   * One family's cells of one resolution to the cell store: the measures of that resolution's
   * BanyanDB group, or the OpenSearch indices of {@code indexPrefix}; {@code banyanDbUid} and
   * {@code openSearchUid} are the sink's stable uid in either store.
   */
  private static <T> void sinkToCellStore(
      DataStream<T> cells,
      CellFamily<T> family,
      CellResolution resolution,
      String indexPrefix,
      String banyanDbUid,
      String openSearchUid,
      Configuration conf) {
    if (conf.get(JobOptions.CELL_STORE) == CellStore.BANYANDB) {
      cells
          .sinkTo(banyanDbSink(family.emitter(banyanDbGroup(resolution, conf), resolution), conf))
          .uid(banyanDbUid)
          .name(family.sinkName(resolution, "BanyanDB"));
    } else {
      LogsConfig logs = LogsConfig.fromConfiguration(conf);
      cells
          .sinkTo(
              family
                  .openSearch(
                      logs.sink(),
                      indexPrefix,
                      resolution,
                      logs.indexShards(),
                      logs.indexReplicas())
                  .build())
          .uid(openSearchUid)
          .name(family.sinkName(resolution, "OpenSearch"));
    }
  }

  /** The BanyanDB group of the cells of {@code resolution}. */
  private static String banyanDbGroup(CellResolution resolution, Configuration conf) {
    return conf.get(
        switch (resolution) {
          case MINUTE -> GenAiStorageOptions.MINUTE_GROUP;
          case HOUR -> GenAiStorageOptions.HOUR_GROUP;
          case DAY -> GenAiStorageOptions.DAY_GROUP;
        });
  }

  private static void sinkLogs(
      DataStream<AccessLogRecord> sampled, Configuration conf, LogsConfig logs) {
    if (conf.get(JobOptions.LOG_STORE) == LogStore.OPENSEARCH) {
      AccessLogPipeline.sinkToOpenSearch(sampled, logs);
    } else {
      sampled
          .sinkTo(
              banyanDbSink(
                  new AccessLogRecordEmitter(conf.get(GenAiStorageOptions.LOGS_GROUP)), conf))
          .uid(UID_LOGS_BANYANDB)
          .name("Access logs to BanyanDB");
    }
  }

  /** A BanyanDB sink that ensures the whole GenAI schema (measures, and the log stream if used). */
  private static <T> BanyanDbSink<T> banyanDbSink(BanyanDbEmitter<T> emitter, Configuration conf) {
    Configuration storage = new Configuration(conf);
    if (conf.get(JobOptions.LOG_STORE) == LogStore.BANYANDB) {
      storage.set(GenAiStorageOptions.LOGS_ENABLED, true);
    }
    return BanyanDbSink.<T>builder()
        .setEmitter(emitter)
        .setSchema(GenAiMeasures.schema(storage))
        .setConfiguration(storage)
        .build();
  }
}
