package dev.aigw.insight.job.serialization;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the job's hand-written serializers for its hot types: stateless singletons whose format
 * is fixed by a version number in their snapshot. They exist because Flink's reflective POJO
 * serializer was the largest CPU cost of the job (docs/benchmarks.md).
 *
 * @param <T> the serialized type (mutable)
 */
public abstract class CompactSerializer<T> extends TypeSerializerSingleton<T> {

  private static final long serialVersionUID = 1L;

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
}
