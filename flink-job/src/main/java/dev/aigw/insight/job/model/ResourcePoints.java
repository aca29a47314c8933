package dev.aigw.insight.job.model;

import dev.aigw.insight.job.serialization.ResourcePointsSerializer;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The decoded GenAI points of one resource in one export request: the unit that crosses the first
 * keyed exchange, serialized by {@link ResourcePointsSerializer}.
 *
 * <p>Why a batch and not single points: the temporality stage keys by resource and keeps all of a
 * resource's series in one state value, so one export costs one state read and one write instead of
 * one per point, and the exchange carries one record instead of ~100.
 */
@TypeInfo(ResourcePointsSerializer.TypeInfoFactory.class)
public class ResourcePoints {

  /** Identity of the sending resource ({@link GenAiPoint#resourceKey} of every point). */
  public String resourceKey;

  /** The points, in the order of the request. */
  public GenAiPoint[] points;

  public ResourcePoints() {}

  public ResourcePoints(String resourceKey, GenAiPoint[] points) {
    this.resourceKey = resourceKey;
    this.points = points;
  }

  /** A batch of one point (tests and adapters that produce single points). */
  public static ResourcePoints of(GenAiPoint point) {
    return new ResourcePoints(point.resourceKey, new GenAiPoint[] {point});
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourcePoints
        && Objects.equals(resourceKey, ((ResourcePoints) o).resourceKey)
        && Arrays.equals(points, ((ResourcePoints) o).points);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resourceKey, points == null ? 0 : points.length);
  }

  @Override
  public String toString() {
    return "ResourcePoints{" + resourceKey + " " + Arrays.toString(points) + "}";
  }
}
