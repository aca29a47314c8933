/**
 * The Pipeline page's data: the job's own health (ingest, drops, sinks, lags, checkpoints) read
 * from Flink's REST API, {@link dev.aigw.insight.dashboard.pipeline.PipelineApi}.
 */
package dev.aigw.insight.dashboard.pipeline;
