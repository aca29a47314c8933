package dev.aigw.insight.dashboard.read.banyandb;

import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.schema.cell.CellResolution;
import java.util.List;
import java.util.Set;
import org.apache.skywalking.banyandb.v1.client.DataPoint;
import org.apache.skywalking.banyandb.v1.client.MeasureQuery;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;
import org.apache.skywalking.banyandb.v1.client.metadata.MetadataCache;

/**
 * Where a BanyanDB measure of hour or day cells has rows, relative to the whole periods {@code
 * [start, end)} of a range ({@link dev.aigw.insight.dashboard.read.ResolutionPlan.WrittenPeriods}),
 * found with "is there any row in [a, b)?" queries of one row each: BanyanDB has no min/max of
 * timestamps (and the test stand-in does not aggregate). Usually two queries: a row older than the
 * range (the roll-ups ran before it) and a row of the last whole period or later (it is written);
 * only when the roll-ups began inside the range, or the last period is not written yet, is the
 * oldest or newest stored period searched by halving (about log₂ of the periods: 12 for 90 days of
 * hours).
 */
public final class StoredPeriods {

  /** How far before and after the range rows are looked for (beyond any retention). */
  private static final long FAR_MS = 3_650L * 86_400_000L;

  /** "Is there a row in {@code [fromMs, toMs)}?" on one measure. */
  @FunctionalInterface
  public interface AnyRow {
    boolean in(long fromMs, long toMs);
  }

  private StoredPeriods() {}

  /**
   * {@link #of} for one measure of hour or day cells in {@code group} (of any cell family), asking
   * with rows of one entity tag and one field; null when the measure does not exist (roll-ups never
   * written: turned off, or an older job).
   */
  public static long[] ofMeasure(
      BanyanDbQueryClient connection,
      String group,
      String measure,
      String tag,
      String field,
      CellResolution resolution,
      long start,
      long end) {
    MetadataCache.EntityMetadata schema =
        BanyanDbCalls.call(
            connection.target(),
            measure,
            () -> connection.client().updateMeasureMetadataCacheFromSever(group, measure));
    if (schema == null) {
      return null;
    }
    // any coordinate will do: the job writes every cell of a period together
    return of(
        resolution,
        start,
        end,
        (from, to) -> {
          MeasureQuery q =
              new MeasureQuery(
                  List.of(group),
                  measure,
                  new TimestampRange(from, to),
                  Set.of(tag),
                  Set.of(field));
          q.limit(1);
          List<DataPoint> points =
              BanyanDbCalls.call(
                  connection.target(), measure, () -> connection.client().query(q).getDataPoints());
          return points != null && !points.isEmpty();
        });
  }

  /**
   * {@code {oldest, newest}} as {@code WrittenPeriods} answers them, or null when the measure has
   * no row before {@code end} (none the range could read).
   */
  public static long[] of(CellResolution resolution, long start, long end, AnyRow any) {
    long p = resolution.periodMs();
    long n = (end - start) / p;
    long oldest;
    if (any.in(start - FAR_MS, start)) {
      oldest = start - p;
    } else {
      // the first period k with a row in [start, start + (k + 1) p)
      long lo = 0;
      long hi = n;
      while (lo < hi) {
        long mid = (lo + hi) >>> 1;
        if (any.in(start, start + (mid + 1) * p)) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      if (lo == n) {
        return null; // nothing stored before the range's end
      }
      oldest = start + lo * p;
    }
    long newest;
    if (any.in(end - p, end + FAR_MS)) {
      newest = end - p;
    } else if (oldest < start && !any.in(start, end - p)) {
      newest = oldest; // every stored period is older than the range
    } else {
      // the last period k with a row in [start + k p, end - p); one exists
      long lo = Math.max(0, (oldest - start) / p);
      long hi = n - 2;
      while (lo < hi) {
        long mid = (lo + hi + 1) >>> 1;
        if (any.in(start + mid * p, end - p)) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      newest = start + lo * p;
    }
    return new long[] {oldest, newest};
  }
}
