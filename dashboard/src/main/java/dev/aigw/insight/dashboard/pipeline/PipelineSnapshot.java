package dev.aigw.insight.dashboard.pipeline;

import java.util.List;
import java.util.Map;

/**
 * One read of the job's health from Flink's REST API at {@code timeMs}: the job, the metrics of
 * {@link PipelineMetric} combined over every operator and subtask, the refused requests per reason,
 * the checkpoints and the job graph's vertices.
 */
record PipelineSnapshot(
    long timeMs,
    Job job,
    Map<PipelineMetric, Double> values,
    Map<String, Double> rejectedByReason,
    Checkpoints checkpoints,
    List<Vertex> vertices) {

  /** The job read: id, name, state (RUNNING, ...), start time and how long it has run. */
  record Job(String id, String name, String state, long startTimeMs, long durationMs) {}

  /**
   * The checkpoint counts and the last completed one (id -1 and times 0 when none completed yet):
   * when it completed (epoch ms), its full and incremental sizes in bytes and how long it took.
   */
  record Checkpoints(
      long completed,
      long failed,
      long inProgress,
      long lastId,
      long lastCompletedMs,
      long lastStateSize,
      long lastCheckpointedSize,
      long lastDurationMs) {}

  /** A vertex of the job graph: its operators' name, parallelism, status and records in/out. */
  record Vertex(String name, int parallelism, String status, long recordsIn, long recordsOut) {}
}
