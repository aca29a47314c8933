package dev.aigw.insight.source.otlp.enumerator;

import dev.aigw.insight.source.otlp.split.OtlpReceiverSplit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every reader that asks exactly one split, its own receiver. Readers ask in {@code start()}
 * unless they restored their split from a checkpoint.
 */
public final class OtlpReceiverEnumerator
    implements SplitEnumerator<OtlpReceiverSplit, OtlpReceiverEnumeratorState> {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpReceiverEnumerator.class);

  private final SplitEnumeratorContext<OtlpReceiverSplit> context;
  private final Set<Integer> assignedSubtasks;

  public OtlpReceiverEnumerator(
      SplitEnumeratorContext<OtlpReceiverSplit> context, OtlpReceiverEnumeratorState restored) {
    this.context = context;
    this.assignedSubtasks = new TreeSet<>(restored.assignedSubtasks());
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    // A reader asks only when it holds no split (fresh start, or failover before it was
    // checkpointed), so a repeated request from the same subtask gets the same split again.
    assignedSubtasks.add(subtaskId);
    context.assignSplit(new OtlpReceiverSplit(subtaskId), subtaskId);
    LOG.info("Assigned OTLP receiver split to subtask {} ({})", subtaskId, requesterHostname);
  }

  @Override
  public void addSplitsBack(List<OtlpReceiverSplit> splits, int subtaskId) {
    // The failed reader's successor asks again in start(); nothing to re-assign here.
    assignedSubtasks.remove(subtaskId);
  }

  @Override
  public void addReader(int subtaskId) {}

  @Override
  public OtlpReceiverEnumeratorState snapshotState(long checkpointId) {
    return new OtlpReceiverEnumeratorState(assignedSubtasks);
  }

  @Override
  public void close() {}
}
