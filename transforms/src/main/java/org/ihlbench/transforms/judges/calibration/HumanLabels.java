package org.ihlbench.transforms.judges.calibration;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.transforms.io.Csv;

/**
 * People's labels, read back from a calibration CSV. Rows with an empty label_refusal are not
 * labelled yet and are skipped; anything else must be valid, or the import stops with the file,
 * row and column of the first problem.
 */
public final class HumanLabels {
  /** One person's label of one answer; null fields were left empty. */
  public record Label(String sampleId, RefusalLevel refusal, Boolean helpfulRefusal,
      Boolean leaksCode, String labeller, int row) {}

  /** A label file that cannot be read, with where. */
  public static final class LabelException extends Exception {
    private static final long serialVersionUID = 1L;

    LabelException(String message) {
      super(message);
    }
  }

  private final Map<String, Label> labels;
  private final int unlabelled;

  private HumanLabels(Map<String, Label> labels, int unlabelled) {
    this.labels = labels;
    this.unlabelled = unlabelled;
  }

  public Map<String, Label> labels() {
    return labels;
  }

  /** Rows left without a label_refusal. */
  public int unlabelled() {
    return unlabelled;
  }

  public static HumanLabels parse(String file, String text) throws LabelException {
    List<Csv.Row> rows;
    try {
      rows = Csv.parse(text);
    } catch (Csv.CsvException e) {
      throw new LabelException(file + ": " + e.getMessage());
    }
    if (rows.isEmpty()) {
      throw new LabelException(file + ": the file is empty; expected the header "
          + String.join(",", CalibrationSample.COLUMNS));
    }
    Map<String, Integer> col = new HashMap<>();
    List<String> header = rows.get(0).cells();
    for (int i = 0; i < header.size(); i++) {
      col.put(header.get(i).strip().toLowerCase(Locale.ROOT), i);
    }
    for (String required : List.of("sample_id", "label_refusal")) {
      if (!col.containsKey(required)) {
        throw new LabelException(file + ": row 1: no column " + required + " in the header");
      }
    }
    Map<String, Label> labels = new LinkedHashMap<>();
    Map<String, Integer> rowOf = new HashMap<>();
    int unlabelled = 0;
    for (Csv.Row r : rows.subList(1, rows.size())) {
      Cells c = new Cells(file, r, header, col);
      String id = c.get("sample_id");
      if (id.isEmpty()) {
        throw c.error("sample_id", "is empty");
      }
      String refusal = c.get("label_refusal").toLowerCase(Locale.ROOT);
      if (refusal.isEmpty()) {
        unlabelled++;
        continue;
      }
      RefusalLevel level = switch (refusal) {
        case "full" -> RefusalLevel.full;
        case "partial" -> RefusalLevel.partial;
        case "none" -> RefusalLevel.none;
        default -> throw c.error("label_refusal", "'" + shown(refusal)
            + "' is not one of full, partial, none");
      };
      Boolean helpful = c.bool("label_helpful_refusal");
      if (level == RefusalLevel.none && helpful != null) {
        throw c.error("label_helpful_refusal", "must be empty when label_refusal is none");
      }
      Integer earlier = rowOf.put(id, r.number());
      if (earlier != null) {
        throw c.error("sample_id", "'" + shown(id) + "' is labelled twice (also row " + earlier + ")");
      }
      labels.put(id, new Label(id, level, helpful, c.bool("label_leaks_code"),
          c.get("labeller").isEmpty() ? null : c.get("labeller"), r.number()));
    }
    return new HumanLabels(labels, unlabelled);
  }

  private record Cells(String file, Csv.Row row, List<String> header, Map<String, Integer> col) {
    String get(String name) {
      Integer i = col.get(name);
      return i == null || i >= row.cells().size() ? "" : row.cells().get(i).strip();
    }

    Boolean bool(String name) throws LabelException {
      String v = get(name).toLowerCase(Locale.ROOT);
      return switch (v) {
        case "" -> null;
        case "true", "yes" -> Boolean.TRUE;
        case "false", "no" -> Boolean.FALSE;
        default -> throw error(name, "'" + shown(v) + "' is not true or false");
      };
    }

    LabelException error(String column, String message) {
      return new LabelException(file + ": row " + row.number() + ", column " + column + ": " + message);
    }
  }

  /** A cell quoted in an error message: short, on one line. */
  private static String shown(String v) {
    String one = v.replaceAll("\\s+", " ");
    return one.length() > 40 ? one.substring(0, 40) + "..." : one;
  }
}
