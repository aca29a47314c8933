package dev.aigw.insight.job.aggregate.spans;

import dev.aigw.insight.job.model.LlmCall;
import dev.aigw.insight.job.serialization.AppCallBatchSerializer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Deduplicated calls of one application, sent together through the two guards: one exchange record,
 * one application-cap lookup and one keyed-context switch per batch instead of per call. Built by
 * {@link AppCallBatcher}, split again by {@link AppCallBatchSplitter} before the watermarks.
 *
 * <p>The calls carry no ids (nothing after the deduplication reads them).
 */
@TypeInfo(AppCallBatchSerializer.TypeInfoFactory.class)
public class AppCallBatch {

  /** The application of every call in {@link #calls} (renamed with them by the cap). */
  public String application;

  public final List<LlmCall> calls;

  public AppCallBatch() {
    this(null, new ArrayList<>());
  }

  public AppCallBatch(String application, List<LlmCall> calls) {
    this.application = application;
    this.calls = calls;
  }

  /** The batch's application key for the per-application guard. */
  public String application() {
    return application;
  }

  @Override
  public String toString() {
    return "AppCallBatch{" + application + " x" + calls.size() + "}";
  }
}
