package dev.aigw.insight.job.serialization;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the hand-written serializers that keep caches between records (the span path's names,
 * {@link RecentNames}): like a {@link CompactSerializer}, but not a singleton. Flink asks {@link
 * #duplicate()} for an instance per thread and use, and gets a new one, so no two threads share the
 * caches; instances are equal when of the same class, since the caches do not change the format.
 *
 * @param <T> the serialized type (mutable)
 */
public abstract class CompactCachingSerializer<T> extends TypeSerializer<T> {

  private static final long serialVersionUID = 1L;

  /** A new instance with empty caches. */
  @Override
  public abstract CompactCachingSerializer<T> duplicate();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().hashCode();
  }
}
