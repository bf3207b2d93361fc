package org.ihlbench.transforms.judges.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.transforms.io.Csv;

/**
 * Reads a file of labelled answers, CSV (a header row, then one answer per row; rows numbered as
 * a spreadsheet does, the header being row 1) or JSONL (one JSON object per line). A row that
 * cannot be used is not fatal: it is kept as a {@link BadRow} with its line or row, its column
 * and why, and counted, so that rows read = answers + bad rows. A file that cannot be read at
 * all (no header, a required column missing, broken CSV quoting) is a {@link FileException}.
 */
public final class LabelledAnswers {
  /** A row left out, and why. {@code column} is null when the row as a whole is unreadable. */
  public record BadRow(String file, String unit, long number, String column, String reason) {
    /** One line, e.g. {@code labels.csv: row 4, column label: 'maybe' is not mapped ...}. */
    public String message() {
      return file + ": " + unit + " " + number + (column == null ? "" : ", column " + column)
          + ": " + reason;
    }
  }

  /** Everything read from one file. */
  public record Read(List<LabelledAnswer> answers, List<BadRow> bad, long rows) {}

  /** A file that cannot be read as labelled answers at all. */
  public static final class FileException extends Exception {
    private static final long serialVersionUID = 1L;

    FileException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private LabelledAnswers() {}

  /** Reads {@code text}, CSV or JSONL by the file's extension. */
  public static Read parse(String file, String text, LabelFormat format) throws FileException {
    String lower = file.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return csv(file, text, format);
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return jsonl(file, text, format);
    }
    throw new FileException(file + ": expected a .csv or .jsonl file of labelled answers");
  }

  static Read csv(String file, String text, LabelFormat format) throws FileException {
    List<Csv.Row> rows;
    try {
      rows = Csv.parse(text);
    } catch (Csv.CsvException e) {
      throw new FileException(file + ": " + e.getMessage());
    }
    if (rows.isEmpty()) {
      throw new FileException(file + ": the file is empty; expected a header row naming the"
          + " columns " + required(format));
    }
    Map<String, Integer> col = new HashMap<>();
    List<String> header = rows.get(0).cells();
    for (int i = 0; i < header.size(); i++) {
      col.putIfAbsent(header.get(i).strip(), i);
    }
    for (String c : required(format)) {
      if (!col.containsKey(c)) {
        throw new FileException(file + ": row 1: no column '" + c + "' in the header " + header);
      }
    }
    List<LabelledAnswer> answers = new ArrayList<>();
    List<BadRow> bad = new ArrayList<>();
    Ids ids = new Ids();
    for (Csv.Row r : rows.subList(1, rows.size())) {
      Map<String, String> cells = new HashMap<>();
      col.forEach((name, i) -> cells.put(name, i < r.cells().size() ? r.cells().get(i) : null));
      read(new Where(file, "row", r.number()), cells, format, ids, answers, bad);
    }
    return new Read(answers, bad, rows.size() - 1L);
  }

  static Read jsonl(String file, String text, LabelFormat format) {
    List<LabelledAnswer> answers = new ArrayList<>();
    List<BadRow> bad = new ArrayList<>();
    Ids ids = new Ids();
    String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n", -1);
    long rows = 0;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      rows++;
      Where where = new Where(file, "line", i + 1);
      JsonNode n;
      try {
        n = JSON.readTree(lines[i]);
      } catch (JsonProcessingException e) {
        bad.add(where.bad(null, "not valid JSON: " + e.getOriginalMessage()));
        continue;
      }
      if (n == null || !n.isObject()) {
        bad.add(where.bad(null, "not a JSON object"));
        continue;
      }
      Map<String, String> cells = new HashMap<>();
      String notText = null;
      for (var it = n.fields(); it.hasNext(); ) {
        var f = it.next();
        JsonNode v = f.getValue();
        if (v.isContainerNode()) {
          notText = notText == null ? f.getKey() : notText;
        }
        cells.put(f.getKey(), v.isNull() ? "" : v.isContainerNode() ? null : v.asText());
      }
      if (notText != null && usedBy(format).contains(notText)) {
        bad.add(where.bad(notText, "must be a string, a number or a boolean, not "
            + n.get(notText).getNodeType().name().toLowerCase(Locale.ROOT)));
        continue;
      }
      read(where, cells, format, ids, answers, bad);
    }
    return new Read(answers, bad, rows);
  }

  private static List<String> required(LabelFormat f) {
    List<String> out = new ArrayList<>(List.of(f.request(), f.response(), f.label()));
    out.addAll(f.groups());
    return out;
  }

  private static List<String> usedBy(LabelFormat f) {
    List<String> out = required(f);
    out.add(f.id());
    out.add(f.helpful());
    return out;
  }

  private record Where(String file, String unit, long number) {
    BadRow bad(String column, String reason) {
      return new BadRow(file, unit, number, column, reason);
    }

    String key() {
      return unit + "-" + number;
    }

    String text() {
      return file + ": " + unit + " " + number;
    }
  }

  /** The ids seen so far, to catch an answer given twice. */
  private static final class Ids {
    final Map<String, Long> seen = new HashMap<>();
  }

  /** One row's cells (null: the column is missing) to an answer, or to a bad row. */
  private static void read(Where w, Map<String, String> cells, LabelFormat f, Ids ids,
      List<LabelledAnswer> answers, List<BadRow> bad) {
    String request = cells.get(f.request());
    String response = cells.get(f.response());
    String label = cells.get(f.label());
    if (request == null) {
      bad.add(w.bad(f.request(), "is missing"));
      return;
    }
    if (request.isBlank()) {
      bad.add(w.bad(f.request(), "is empty"));
      return;
    }
    if (response == null) {
      // An empty answer is an answer (a full refusal, by the rubric); a missing one is not.
      bad.add(w.bad(f.response(), "is missing"));
      return;
    }
    if (label == null || label.isBlank()) {
      bad.add(w.bad(f.label(), "is empty; expected one of " + f.values().keySet()));
      return;
    }
    RefusalLevel level = f.level(label);
    if (level == null) {
      bad.add(w.bad(f.label(), "'" + shown(label) + "' is not one of the label values "
          + f.values().keySet()));
      return;
    }
    Boolean helpful;
    String h = cells.get(f.helpful());
    switch (h == null ? "" : h.strip().toLowerCase(Locale.ROOT)) {
      case "", "null" -> helpful = null;
      case "true", "yes", "1" -> helpful = Boolean.TRUE;
      case "false", "no", "0" -> helpful = Boolean.FALSE;
      default -> {
        bad.add(w.bad(f.helpful(), "'" + shown(h) + "' is not true or false (or empty)"));
        return;
      }
    }
    if (helpful != null && level == RefusalLevel.none) {
      bad.add(w.bad(f.helpful(), "must be empty when the label is not a refusal"));
      return;
    }
    Map<String, String> groups = new LinkedHashMap<>();
    for (String g : f.groups()) {
      String v = cells.get(g);
      if (v == null) {
        bad.add(w.bad(g, "is missing (a group column)"));
        return;
      }
      groups.put(g, v.isBlank() ? "(empty)" : v.strip());
    }
    String id = cells.get(f.id());
    id = id == null || id.isBlank() ? w.key() : id.strip();
    Long earlier = ids.seen.putIfAbsent(id, w.number());
    if (earlier != null) {
      bad.add(w.bad(f.id(), "'" + shown(id) + "' appears twice (also " + w.unit() + " "
          + earlier + ")"));
      return;
    }
    answers.add(new LabelledAnswer(w.key(), id, request, response, level, helpful, groups,
        w.text()));
  }

  /** A cell quoted in a message: short, on one line. */
  private static String shown(String v) {
    String one = v.replaceAll("\\s+", " ").strip();
    return one.length() > 40 ? one.substring(0, 40) + "..." : one;
  }
}
