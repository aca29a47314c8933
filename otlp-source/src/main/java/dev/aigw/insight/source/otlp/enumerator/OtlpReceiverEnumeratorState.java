package dev.aigw.insight.source.otlp.enumerator;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Checkpointed state of the enumerator: the subtasks that currently hold a receiver split. */
public final class OtlpReceiverEnumeratorState {

  private final Set<Integer> assignedSubtasks;

  public OtlpReceiverEnumeratorState(Set<Integer> assignedSubtasks) {
    this.assignedSubtasks = Collections.unmodifiableSet(new TreeSet<>(assignedSubtasks));
  }

  /** Subtask indexes, in ascending order. */
  public Set<Integer> assignedSubtasks() {
    return assignedSubtasks;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OtlpReceiverEnumeratorState
        && ((OtlpReceiverEnumeratorState) o).assignedSubtasks.equals(assignedSubtasks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(assignedSubtasks);
  }

  @Override
  public String toString() {
    return "OtlpReceiverEnumeratorState" + assignedSubtasks;
  }
}
