package dev.aigw.insight.bench.functions;

import dev.aigw.insight.job.aggregate.LeafAggregate;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;

/**
 * Flink's reflective POJO serializer of {@link LeafAggregate}, as the job used it until 0.2.0 (the
 * type now carries its own serializer): the baseline the compact one is measured against.
 */
final class PojoPartials {

  private PojoPartials() {}

  static TypeSerializer<LeafAggregate> serializer() {
    List<PojoField> fields = new ArrayList<>();
    for (Field f : LeafAggregate.class.getFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        fields.add(new PojoField(f, TypeExtractor.createTypeInfo(f.getGenericType())));
      }
    }
    return new PojoTypeInfo<>(LeafAggregate.class, fields)
        .createSerializer(new SerializerConfigImpl());
  }
}
