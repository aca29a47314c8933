package dev.aigw.insight.source.otlp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WireValidatorTest {

  @Test
  void theDeclaredFieldsAreThoseOfTheProtoVersionInUse() {
    assertThat(LogsWire.REQUEST_FIELDS)
        .isEqualTo(declared(ExportLogsServiceRequest.getDescriptor()));
    assertThat(LogsWire.RESOURCE_LOGS_FIELDS).isEqualTo(declared(ResourceLogs.getDescriptor()));
    assertThat(LogsWire.SCOPE_LOGS_FIELDS).isEqualTo(declared(ScopeLogs.getDescriptor()));
    assertThat(LogsWire.LOG_RECORD_FIELDS).isEqualTo(declared(LogRecord.getDescriptor()));
    assertThat(CommonWire.KEY_VALUE_FIELDS).isEqualTo(declared(KeyValue.getDescriptor()));
    assertThat(CommonWire.ANY_VALUE_FIELDS).isEqualTo(declared(AnyValue.getDescriptor()));
    assertThat(CommonWire.LIST_FIELDS)
        .isEqualTo(declared(ArrayValue.getDescriptor()))
        .isEqualTo(declared(KeyValueList.getDescriptor()));
  }

  @Test
  void theTagsAreThoseOfTheProtoVersionInUse() {
    assertThat(LogsWire.REQUEST_RESOURCE_LOGS)
        .isEqualTo(tag(ExportLogsServiceRequest.getDescriptor(), "resource_logs"));
    assertThat(LogsWire.SCOPE_LOGS).isEqualTo(tag(ResourceLogs.getDescriptor(), "scope_logs"));
    assertThat(LogsWire.LOG_RECORDS).isEqualTo(tag(ScopeLogs.getDescriptor(), "log_records"));
    Descriptor record = LogRecord.getDescriptor();
    assertThat(LogsWire.TIME).isEqualTo(tag(record, "time_unix_nano"));
    assertThat(LogsWire.OBSERVED_TIME).isEqualTo(tag(record, "observed_time_unix_nano"));
    assertThat(LogsWire.SEVERITY_NUMBER).isEqualTo(tag(record, "severity_number"));
    assertThat(LogsWire.BODY).isEqualTo(tag(record, "body"));
    assertThat(LogsWire.ATTRIBUTES).isEqualTo(tag(record, "attributes"));
    assertThat(LogsWire.FLAGS).isEqualTo(tag(record, "flags"));
    assertThat(LogsWire.EVENT_NAME).isEqualTo(tag(record, "event_name"));
    Descriptor value = AnyValue.getDescriptor();
    assertThat(CommonWire.STRING_VALUE).isEqualTo(tag(value, "string_value"));
    assertThat(CommonWire.BOOL_VALUE).isEqualTo(tag(value, "bool_value"));
    assertThat(CommonWire.INT_VALUE).isEqualTo(tag(value, "int_value"));
    assertThat(CommonWire.DOUBLE_VALUE).isEqualTo(tag(value, "double_value"));
    assertThat(CommonWire.ARRAY_VALUE).isEqualTo(tag(value, "array_value"));
    assertThat(CommonWire.KVLIST_VALUE).isEqualTo(tag(value, "kvlist_value"));
    assertThat(CommonWire.BYTES_VALUE).isEqualTo(tag(value, "bytes_value"));
    assertThat(CommonWire.KEY).isEqualTo(tag(KeyValue.getDescriptor(), "key"));
    assertThat(CommonWire.VALUE).isEqualTo(tag(KeyValue.getDescriptor(), "value"));
    assertThat(CommonWire.VALUES).isEqualTo(tag(ArrayValue.getDescriptor(), "values"));
  }

  /**
   * What the validator accepts, protobuf's parse accepts: random values, damaged at one byte, are
   * validated as an embedded AnyValue and parsed on their own.
   */
  @Test
  void neverAcceptsAnAnyValueTheParseRefuses() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    int accepted = 0;
    int refusedByBoth = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] value = randomValue(random, 0).toByteArray();
      if (value.length > 0 && random.nextInt(4) > 0) {
        value[random.nextInt(value.length)] = (byte) random.nextInt(256);
      }
      boolean parses = parses(value);
      boolean valid = validates(value);
      if (valid) {
        assertThat(parses).as(ByteString.copyFrom(value).toString()).isTrue();
        accepted++;
      } else if (!parses) {
        refusedByBoth++;
      }
    }
    assertThat(accepted).isGreaterThan(5_000);
    assertThat(refusedByBoth).isGreaterThan(1_000);
  }

  @Test
  void anInvalidUtf8StringIsLeftToTheParse() throws IOException {
    byte[] value = {0x0A, 0x02, (byte) 0xC3, 0x28};
    assertThat(parses(value)).isFalse();
    assertThat(validates(value)).isFalse();
    byte[] valid = AnyValue.newBuilder().setStringValue("gr\u00fc\u00df").build().toByteArray();
    assertThat(validates(valid)).isTrue();
  }

  private static boolean parses(byte[] value) {
    try {
      AnyValue.parseFrom(value);
      return true;
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }

  /** Validates {@code value} as the embedded message it is inside a record. */
  private static boolean validates(byte[] value) throws IOException {
    ByteArrayOutputStream framed = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(framed);
    out.writeUInt32NoTag(value.length);
    out.writeRawBytes(value);
    out.flush();
    WireValidator validator = new WireValidator(framed.toByteArray());
    try {
      validator.anyValue(1);
      return validator.in().isAtEnd();
    } catch (IOException | WireUncertainty e) {
      return false;
    }
  }

  private static AnyValue randomValue(SplittableRandom random, int depth) {
    int kind = depth > 3 ? random.nextInt(4) : random.nextInt(6);
    switch (kind) {
      case 0:
        return AnyValue.newBuilder().setStringValue(depth % 2 == 0 ? "v\u00e9" : "-").build();
      case 1:
        return AnyValue.newBuilder().setIntValue(random.nextLong()).build();
      case 2:
        return AnyValue.newBuilder().setDoubleValue(random.nextDouble()).build();
      case 3:
        return AnyValue.newBuilder()
            .setBytesValue(ByteString.copyFrom(new byte[] {1, (byte) 0xFF}))
            .build();
      case 4:
        ArrayValue.Builder array = ArrayValue.newBuilder();
        for (int n = random.nextInt(3); n >= 0; n--) {
          array.addValues(randomValue(random, depth + 1));
        }
        return AnyValue.newBuilder().setArrayValue(array).build();
      default:
        KeyValueList.Builder list = KeyValueList.newBuilder();
        for (int n = random.nextInt(3); n >= 0; n--) {
          list.addValues(
              KeyValue.newBuilder().setKey("k" + n).setValue(randomValue(random, depth + 1)));
        }
        return AnyValue.newBuilder().setKvlistValue(list).build();
    }
  }

  private static long declared(Descriptor descriptor) {
    long fields = 0;
    for (FieldDescriptor field : descriptor.getFields()) {
      fields |= 1L << field.getNumber();
    }
    return fields;
  }

  private static int tag(Descriptor descriptor, String field) {
    FieldDescriptor f = descriptor.findFieldByName(field);
    return f.getNumber() << 3 | f.getLiteType().getWireType();
  }
}
