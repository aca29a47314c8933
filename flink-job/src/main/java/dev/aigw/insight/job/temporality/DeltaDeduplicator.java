package dev.aigw.insight.job.temporality;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.options.AnalysisMetrics;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes DELTA points through, keyed by series, dropping (and counting) a point whose (start, end)
 * was already counted for the same series, e.g. a client's retry of an export. Points with a zero
 * count carry nothing and are dropped too. The history expires after the series TTL.
 */
public class DeltaDeduplicator extends KeyedProcessFunction<String, GenAiPoint, GenAiPoint> {

  private static final long serialVersionUID = 1L;

  private final Duration ttl;
  private transient ValueState<DeltaHistory> history;
  private transient Counter duplicates;

  public DeltaDeduplicator(Duration seriesTtl) {
    this.ttl = seriesTtl;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<DeltaHistory> descriptor =
        new ValueStateDescriptor<>("delta-history", TypeInformation.of(DeltaHistory.class));
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    history = getRuntimeContext().getState(descriptor);
    duplicates =
        getRuntimeContext().getMetricGroup().counter(AnalysisMetrics.DELTA_DUPLICATES_DROPPED);
  }

  @Override
  public void processElement(GenAiPoint p, Context ctx, Collector<GenAiPoint> out)
      throws Exception {
    if (p.count == 0) {
      return;
    }
    DeltaHistory h = history.value();
    if (h == null) {
      h = new DeltaHistory();
    } else if (h.contains(p.startTimeNanos, p.timeNanos)) {
      duplicates.inc();
      return;
    }
    h.add(p.startTimeNanos, p.timeNanos);
    history.update(h);
    out.collect(p);
  }
}
