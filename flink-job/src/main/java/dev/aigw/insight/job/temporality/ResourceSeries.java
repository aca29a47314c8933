package dev.aigw.insight.job.temporality;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.serialization.ResourceSeriesSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Everything the temporality stage remembers about one resource: one state value per resource, read
 * and written once per export, serialized by {@link ResourceSeriesSerializer}.
 */
@TypeInfo(ResourceSeriesSerializer.TypeInfoFactory.class)
public class ResourceSeries {

  /** The last point of each CUMULATIVE series, by series key. */
  public Map<String, SeriesState> cumulative = new HashMap<>();

  /** The incarnations (series start times) of the resource's CUMULATIVE series. */
  public Map<Long, IncarnationState> incarnations = new HashMap<>();

  /** The recently counted intervals of each DELTA series, by series key. */
  public Map<String, DeltaHistory> deltas = new HashMap<>();

  /** Processing time of the registered cleanup timer, 0 when none is registered. */
  public long cleanupTimerMs;

  public ResourceSeries() {}

  /** Number of series remembered (CUMULATIVE and DELTA). */
  public int seriesCount() {
    return cumulative.size() + deltas.size();
  }

  /** Whether the point's series is remembered. */
  public boolean knows(GenAiPoint p) {
    return p.temporality == Temporality.CUMULATIVE
        ? cumulative.containsKey(p.seriesKey)
        : deltas.containsKey(p.seriesKey);
  }

  /** Whether nothing is remembered any more (the state can be cleared). */
  public boolean isEmpty() {
    return cumulative.isEmpty() && incarnations.isEmpty() && deltas.isEmpty();
  }
}
