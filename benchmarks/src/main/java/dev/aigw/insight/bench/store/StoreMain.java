package dev.aigw.insight.bench.store;

import dev.aigw.insight.embedded.opensearch.EmbeddedOpenSearch;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import dev.aigw.insight.sink.banyandb.standin.StandInData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.skywalking.banyandb.database.v1.BanyandbDatabase;
import org.apache.skywalking.banyandb.model.v1.BanyandbModel;

/**
 * The store of a real-store harness run, in a JVM of its own so that its CPU is measured apart from
 * the job's: {@code opensearch <home>} starts the embedded OpenSearch node, {@code banyandb} the
 * BanyanDB stand-in. Prints {@code STORE-READY <target>}, then answers commands on standard input
 * until {@code stop} or end of input (see {@link StoreProcess}).
 */
public final class StoreMain {

  static final String READY = "STORE-READY ";
  static final String ANSWER = "STORE-ANSWER ";

  private StoreMain() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (args.length == 2 && args[0].equals("opensearch")) {
      try (EmbeddedOpenSearch node =
          EmbeddedOpenSearch.builder().homeDirectory(Path.of(args[1])).start()) {
        System.out.println(READY + node.httpUri());
        System.out.flush();
        // the harness reads the node over its REST API: only stop (or the end of input, when the
        // harness is gone) is read here
        String line;
        do {
          line = in.readLine();
        } while (line != null && !line.equals("stop"));
      }
    } else if (args.length == 1 && args[0].equals("banyandb")) {
      try (BanyanDbStandIn standIn = BanyanDbStandIn.start()) {
        System.out.println(READY + standIn.target());
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null && !line.equals("stop")) {
          System.out.println(ANSWER + answer(standIn, line.split(" ")));
          System.out.flush();
        }
      }
    } else {
      throw new IllegalArgumentException("Usage: StoreMain opensearch <home> | banyandb");
    }
  }

  /**
   * {@code writes}: write requests the stand-in accepted and rejected; {@code sum <group> <measure>
   * <field>}: stored rows of the measure and the sum of one numeric field over them.
   */
  private static String answer(BanyanDbStandIn standIn, String[] command) {
    if (command[0].equals("writes")) {
      return standIn.succeededWrites() + " " + standIn.rejectedWrites();
    }
    if (command[0].equals("sum") && command.length == 4) {
      BanyandbDatabase.Measure schema;
      try {
        schema = standIn.measureSchema(command[1], command[2]);
      } catch (RuntimeException unknown) {
        return "0 0";
      }
      int field = -1;
      for (int i = 0; i < schema.getFieldsCount(); i++) {
        if (schema.getFields(i).getName().equals(command[3])) {
          field = i;
        }
      }
      List<StandInData.StoredPoint> points = standIn.points(command[1], command[2]);
      double sum = 0;
      for (StandInData.StoredPoint point : points) {
        if (field >= 0 && field < point.fields().size()) {
          BanyandbModel.FieldValue value = point.fields().get(field);
          sum += value.hasInt() ? value.getInt().getValue() : value.getFloat().getValue();
        }
      }
      return points.size() + " " + (long) sum;
    }
    return "unknown command";
  }
}
