package dev.aigw.insight.source.otlp;

import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import dev.aigw.insight.source.otlp.enumerator.OtlpReceiverEnumerator;
import dev.aigw.insight.source.otlp.enumerator.OtlpReceiverEnumeratorState;
import dev.aigw.insight.source.otlp.enumerator.OtlpReceiverEnumeratorStateSerializer;
import dev.aigw.insight.source.otlp.reader.OtlpReceiverReader;
import dev.aigw.insight.source.otlp.split.OtlpReceiverSplit;
import dev.aigw.insight.source.otlp.split.OtlpReceiverSplitSerializer;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A FLIP-27 source that is an OTLP receiver: every reader runs a gRPC server implementing the OTLP
 * MetricsService, LogsService and TraceService, and an OTLP/HTTP server for the same exports
 * (unless turned off), and emits what its {@link OtlpDecoder} makes of the export requests.
 *
 * <p>Delivery: with {@link AckMode#ON_RECEIVE} a request is answered once queued (a crash loses
 * what was queued); with {@link AckMode#ON_CHECKPOINT} it is answered when the checkpoint after its
 * emission completes (at-least-once, the client retries anything unanswered).
 *
 * <pre>{@code
 * OtlpReceiverSource<MyRecord> source =
 *     OtlpReceiverSource.<MyRecord>builder()
 *         .setDecoder(new MyDecoder())
 *         .setConfiguration(jobConfiguration) // otlp.receiver.* options
 *         .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "otlp-receiver").uid("otlp-receiver");
 * }</pre>
 *
 * @param <T> the record type the decoder produces
 */
public final class OtlpReceiverSource<T>
    implements Source<T, OtlpReceiverSplit, OtlpReceiverEnumeratorState>, ResultTypeQueryable<T> {

  private static final long serialVersionUID = 1L;

  private final OtlpDecoder<T> decoder;
  private final OtlpReceiverConfig config;

  OtlpReceiverSource(OtlpDecoder<T> decoder, OtlpReceiverConfig config) {
    this.decoder = decoder;
    this.config = config;
  }

  /** A builder; {@link OtlpReceiverSourceBuilder#setDecoder} is required. */
  public static <T> OtlpReceiverSourceBuilder<T> builder() {
    return new OtlpReceiverSourceBuilder<>();
  }

  /** The validated settings this source runs with. */
  public OtlpReceiverConfig config() {
    return config;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<T, OtlpReceiverSplit> createReader(SourceReaderContext readerContext) {
    return new OtlpReceiverReader<>(readerContext, config, decoder);
  }

  @Override
  public SplitEnumerator<OtlpReceiverSplit, OtlpReceiverEnumeratorState> createEnumerator(
      SplitEnumeratorContext<OtlpReceiverSplit> enumContext) {
    return new OtlpReceiverEnumerator(enumContext, new OtlpReceiverEnumeratorState(Set.of()));
  }

  @Override
  public SplitEnumerator<OtlpReceiverSplit, OtlpReceiverEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<OtlpReceiverSplit> enumContext,
      OtlpReceiverEnumeratorState checkpoint) {
    return new OtlpReceiverEnumerator(enumContext, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<OtlpReceiverSplit> getSplitSerializer() {
    return new OtlpReceiverSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<OtlpReceiverEnumeratorState>
      getEnumeratorCheckpointSerializer() {
    return new OtlpReceiverEnumeratorStateSerializer();
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return decoder.getProducedType();
  }
}
