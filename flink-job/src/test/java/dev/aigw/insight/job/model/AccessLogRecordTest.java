package dev.aigw.insight.job.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AccessLogRecordTest {

  @Test
  void isAPojoWithoutGenericFieldsAndRoundTripsWithoutKryo() throws Exception {
    TypeInformation<AccessLogRecord> type = TypeInformation.of(AccessLogRecord.class);
    assertThat(type).isInstanceOf(PojoTypeInfo.class);
    PojoTypeInfo<AccessLogRecord> pojo = (PojoTypeInfo<AccessLogRecord>) type;
    for (int i = 0; i < pojo.getArity(); i++) {
      assertThat(pojo.getPojoFieldAt(i).getTypeInformation())
          .as("field %s", pojo.getPojoFieldAt(i).getField().getName())
          .isNotInstanceOf(GenericTypeInfo.class);
    }

    AccessLogRecord r = new AccessLogRecord();
    r.timestampMs = 1_767_261_600_123L;
    r.service = "gw";
    r.instance = null;
    r.body = "line";
    r.attributes = new HashMap<>();
    r.attributes.put("gen_ai.request.model", "gpt-4o");
    r.attributes.put("x-request-id", "-");
    r.inputTokens = 15L;
    r.outputTokens = null;
    r.statusCode = 404L;
    r.model = "gpt-4o";
    r.estimatedCost = 0.25;
    r.keepReason = "KEEP_ERROR_STATUS";

    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    TypeSerializer<AccessLogRecord> serializer = type.createSerializer(config);
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(r, out);
    AccessLogRecord copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(copy).isEqualTo(r);
  }
}
