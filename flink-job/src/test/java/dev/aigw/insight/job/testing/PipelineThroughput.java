package dev.aigw.insight.job.testing;

import dev.aigw.insight.job.aggregate.GenAiMetricsPipeline;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.MinuteCell;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.options.AnalysisConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * A rough throughput measurement of the analysis (not a test): N synthetic DELTA points of 2 000
 * series (10 instances × 20 models × 10 metric/attribute combinations), one export round every 10
 * s, through the whole pipeline at parallelism 1 on a local MiniCluster.
 *
 * <p>Not part of the suite (the name matches neither *Test nor *ITCase). Run: {@code mvn -B -o -pl
 * flink-job -am verify -Dtest=PipelineThroughput -Dsurefire.failIfNoSpecifiedTests=false -DskipITs
 * -Dbench.points=2000000}
 */
class PipelineThroughput {

  private static final int SERIES = 2_000;
  private static final long BASE = 1_767_225_600_000_000_000L;
  private static final double[] BOUNDS = {
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92
  };
  private static final String[] TYPES = {"input", "output", "cached_input", "reasoning"};

  @Test
  void measure() throws Exception {
    long n = Long.getLong("bench.points", 2_000_000L);
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    DataStream<ResourcePoints> points =
        env.fromSequence(0, n - 1)
            .map(i -> ResourcePoints.of(point(i)))
            .returns(TypeInformation.of(ResourcePoints.class));
    DataStream<MinuteCell> cells = GenAiMetricsPipeline.build(points, AnalysisConfig.defaults());
    long start = System.nanoTime();
    long count = 0;
    try (CloseableIterator<MinuteCell> it = cells.executeAndCollect("throughput")) {
      while (it.hasNext()) {
        it.next();
        count++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%d points -> %d cells in %.1f s: %.0f points/s (job start included)%n",
        n, count, seconds, n / seconds);
  }

  static GenAiPoint point(long i) {
    int s = (int) (i % SERIES);
    long round = i / SERIES;
    GenAiPoint p = new GenAiPoint();
    p.service = "gw";
    p.instance = "pod-" + (s % 10);
    p.provider = "openai";
    p.model = "model-" + ((s / 10) % 20);
    int kind = s / 200; // 0..9
    p.metric =
        kind < 4
            ? MetricKind.TOKEN_USAGE
            : kind < 7
                ? MetricKind.REQUEST_DURATION
                : kind < 9 ? MetricKind.TIME_TO_FIRST_TOKEN : MetricKind.TIME_PER_OUTPUT_TOKEN;
    p.tokenType = kind < 4 ? TYPES[kind] : null;
    p.error = kind == 6;
    p.temporality = Temporality.DELTA;
    p.timeNanos = BASE + round * 10_000_000_000L;
    p.startTimeNanos = p.timeNanos - 10_000_000_000L;
    p.explicitBounds = BOUNDS;
    long[] counts = new long[BOUNDS.length + 1];
    counts[(int) (i % 7) + 3] = 3;
    counts[(int) (i % 5) + 2] += 2;
    p.bucketCounts = counts;
    p.count = 5;
    p.sum = 12.5;
    p.min = 0.05;
    p.max = 5;
    p.resourceKey = p.instance;
    p.seriesKey = "series-" + s;
    return p;
  }
}
