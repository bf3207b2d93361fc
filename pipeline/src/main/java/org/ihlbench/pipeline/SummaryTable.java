package org.ihlbench.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.ihlbench.transforms.io.ParquetFiles;

/** Prints a run's summary.parquet as a table for the terminal. */
final class SummaryTable {
  private SummaryTable() {}

  static void print(String runDir, PrintStream out) throws IOException {
    List<GenericRecord> rows = new ArrayList<>(
        ParquetFiles.readAll(RunPaths.file(runDir, "summary.parquet")));
    rows.sort(Comparator.comparing((GenericRecord r) -> r.get("model").toString())
        .thenComparing(r -> r.get("kind").toString())
        .thenComparing(r -> r.get("condition").toString())
        .thenComparing(r -> r.get("variant").toString()));
    String fmt = "%-22s %-14s %-10s %-9s %6s  %-24s %-24s%n";
    out.printf(fmt, "model", "condition", "variant", "kind", "n", "refusal [95% CI]",
        "helpful refusal [95% CI]");
    for (GenericRecord r : rows) {
      out.printf(fmt, r.get("model"), r.get("condition"), r.get("variant"), r.get("kind"),
          r.get("n"),
          rate((Double) r.get("refusal_rate"), (Double) r.get("refusal_ci_low"),
              (Double) r.get("refusal_ci_high")),
          rate((Double) r.get("helpful_rate"), (Double) r.get("helpful_ci_low"),
              (Double) r.get("helpful_ci_high")));
    }
  }

  private static String rate(double p, double lo, double hi) {
    if (Double.isNaN(p)) {
      return "-";
    }
    return String.format("%5.1f%% [%5.1f, %5.1f]", 100 * p, 100 * lo, 100 * hi);
  }
}
