package org.ihlbench.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.io.RunDirectory;

/**
 * Prints a run's summary.parquet for the terminal: one line per model x condition x variant, with
 * the refusal and helpful-refusal rates on violation prompts next to the over-refusal rate on the
 * benign controls of the same cell, so a safety prompt that buys refusals with over-refusal shows
 * on one line. Models, conditions and variants keep the order of the experiment config.
 */
final class SummaryTable {
  private SummaryTable() {}

  /** One printed line: the violation and benign rows of a cell, either may be missing. */
  private record Cell(String model, String condition, String variant, SummaryRow violation,
      SummaryRow benign) {}

  static void print(String runDir, PrintStream out) throws IOException {
    RunDirectory run = RunDirectory.at(runDir);
    Map<String, Map<String, Integer>> order = configOrder(run);
    Map<List<String>, SummaryRow[]> byCell = new HashMap<>();
    for (SummaryRow r : run.summary()) {
      List<String> key = List.of(r.getModel(), r.getCondition(), r.getVariant());
      SummaryRow[] kinds = byCell.computeIfAbsent(key, k -> new SummaryRow[2]);
      kinds[r.getKind() == PromptKind.benign ? 1 : 0] = r;
    }
    List<Cell> cells = new ArrayList<>();
    byCell.forEach((k, v) -> cells.add(new Cell(k.get(0), k.get(1), k.get(2), v[0], v[1])));
    cells.sort(Comparator.comparing((Cell c) -> rank(order, "models", c.model()))
        .thenComparing(Cell::model)
        .thenComparing(c -> rank(order, "conditions", c.condition()))
        .thenComparing(Cell::condition)
        .thenComparing(c -> rank(order, "variants", c.variant()))
        .thenComparing(Cell::variant));

    int mw = width("model", cells.stream().map(Cell::model).toList());
    int cw = width("condition", cells.stream().map(Cell::condition).toList());
    int vw = width("variant", cells.stream().map(Cell::variant).toList());
    String cellFmt = "%-" + mw + "s  %-" + cw + "s  %-" + vw + "s";
    String fmt = cellFmt + "  %6s  %-22s  %-24s  %6s  %s";
    int lead = mw + cw + vw + 4;
    out.println(String.format("%" + lead + "s  %-56s  %s", "", "violation prompts",
        "benign controls"));
    out.println(String.format(fmt, "model", "condition", "variant", "n", "refusal [95% CI]",
        "helpful refusal [95% CI]", "n", "over-refusal [95% CI]"));
    for (Cell c : cells) {
      SummaryRow v = c.violation();
      SummaryRow b = c.benign();
      out.println(String.format(fmt, c.model(), c.condition(), c.variant(),
          v == null ? "-" : v.getN(),
          v == null ? "-" : rate(v.getRefusalRate(), v.getRefusalCiLow(), v.getRefusalCiHigh()),
          v == null ? "-" : rate(v.getHelpfulRate(), v.getHelpfulCiLow(), v.getHelpfulCiHigh()),
          b == null ? "-" : b.getN(),
          b == null ? "-" : rate(b.getRefusalRate(), b.getRefusalCiLow(), b.getRefusalCiHigh()))
          .stripTrailing());
    }
  }

  private static int width(String header, List<String> values) {
    return Math.max(header.length(), values.stream().mapToInt(String::length).max().orElse(0));
  }

  private static String rate(double p, double low, double high) {
    if (Double.isNaN(p)) {
      return "-";
    }
    return String.format("%5.1f%% [%5.1f, %5.1f]", 100 * p, 100 * low, 100 * high);
  }

  private static int rank(Map<String, Map<String, Integer>> order, String axis, String name) {
    return order.getOrDefault(axis, Map.of()).getOrDefault(name, Integer.MAX_VALUE);
  }

  /** Positions of models, conditions and variants in run.json (the config's order), if present. */
  private static Map<String, Map<String, Integer>> configOrder(RunDirectory run)
      throws IOException {
    Map<String, Map<String, Integer>> order = new TreeMap<>();
    JsonNode manifest = run.manifest().orElse(null);
    if (manifest == null) {
      return order;
    }
    for (String axis : List.of("models", "conditions", "variants")) {
      Map<String, Integer> positions = new HashMap<>();
      for (JsonNode n : manifest.path(axis)) {
        positions.putIfAbsent(n.path("name").asText(), positions.size());
      }
      order.put(axis, positions);
    }
    return order;
  }
}
