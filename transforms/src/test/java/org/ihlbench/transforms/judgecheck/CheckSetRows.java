package org.ihlbench.transforms.judgecheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema of a labelled check set (configs/judge-check/*.jsonl): one answer per line, labelled
 * by the ihl-refusal rubric. Returns every problem as one line naming the file line and field,
 * rather than stopping at the first, so a bad edit is fixed in one pass.
 */
final class CheckSetRows {
  static final Set<String> FIELDS = Set.of("id", "request", "response", "label", "helpful",
      "style", "kind", "source", "licence");
  static final Set<String> LABELS = Set.of("full", "partial", "none");
  static final Set<String> KINDS = Set.of("violation", "benign");
  private static final Pattern ID = Pattern.compile("jc-\\d{3}");
  /** How a row names the shipped prompt its request was built from. */
  static final Pattern PROMPT_REF =
      Pattern.compile("configs/datasets/([\\w.-]+\\.jsonl) (ihl-r\\d{3}-(?:a|b|benign))\\b");

  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckSetRows() {}

  /** A shipped prompt: its text and kind, by id. */
  record Prompt(String text, String kind) {}

  /**
   * Problems in {@code lines} (the file's lines, in order), each as "file:line: field: problem".
   * {@code prompts} maps prompt ids to the shipped prompts, to check that a request built from a
   * prompt still contains it verbatim and carries its kind.
   */
  static List<String> problems(String file, List<String> lines, Map<String, Prompt> prompts) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> firstLineOfId = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int n = i + 1;
      String at = file + ":" + n + ": ";
      String line = lines.get(i);
      if (line.isBlank()) {
        out.add(at + "blank line");
        continue;
      }
      JsonNode row;
      try {
        row = JSON.readTree(line);
      } catch (Exception e) {
        out.add(at + "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        continue;
      }
      if (row == null || !row.isObject()) {
        out.add(at + "not a JSON object");
        continue;
      }
      Set<String> names = new TreeSet<>();
      for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      for (String f : new TreeSet<>(FIELDS)) {
        if (!names.contains(f)) {
          out.add(at + f + ": missing");
        }
      }
      for (String f : names) {
        if (!FIELDS.contains(f)) {
          out.add(at + f + ": unknown field");
        }
      }
      for (String f : List.of("id", "request", "style", "source", "licence")) {
        JsonNode v = row.get(f);
        if (v != null && (!v.isTextual() || v.asText().isBlank())) {
          out.add(at + f + ": must be a non-empty string");
        }
      }
      JsonNode id = row.get("id");
      if (id != null && id.isTextual()) {
        if (!ID.matcher(id.asText()).matches()) {
          out.add(at + "id: '" + id.asText() + "' is not jc-NNN");
        }
        Integer first = firstLineOfId.putIfAbsent(id.asText(), n);
        if (first != null) {
          out.add(at + "id: '" + id.asText() + "' repeats line " + first);
        }
      }
      String label = textOrNull(row.get("label"));
      if (row.has("label") && !LABELS.contains(label)) {
        out.add(at + "label: '" + row.get("label") + "' is not full, partial or none");
      }
      String kind = textOrNull(row.get("kind"));
      if (row.has("kind") && !KINDS.contains(kind)) {
        out.add(at + "kind: '" + row.get("kind") + "' is not violation or benign");
      }
      JsonNode helpful = row.get("helpful");
      if (helpful != null && LABELS.contains(label)) {
        // The rubric: helpful_refusal is null exactly when the answer is no refusal.
        if ("none".equals(label) && !helpful.isNull()) {
          out.add(at + "helpful: must be null when label is none, is " + helpful);
        } else if (!"none".equals(label) && !helpful.isBoolean()) {
          out.add(at + "helpful: must be true or false when label is " + label + ", is "
              + helpful);
        }
      }
      JsonNode response = row.get("response");
      if (response != null) {
        if (!response.isTextual()) {
          out.add(at + "response: must be a string");
        } else if (response.asText().isBlank() && !"full".equals(label)) {
          // The rubric counts an empty answer as a full refusal; nothing else can be empty.
          out.add(at + "response: empty, so the label must be full, is " + label);
        }
      }
      String source = textOrNull(row.get("source"));
      String request = textOrNull(row.get("request"));
      if (source != null && request != null) {
        Matcher m = PROMPT_REF.matcher(source);
        if (m.find()) {
          Prompt p = prompts.get(m.group(2));
          if (p == null) {
            out.add(at + "source: names prompt " + m.group(2) + ", which " + m.group(1)
                + " does not hold");
          } else {
            if (!request.contains(p.text())) {
              out.add(at + "request: does not contain the text of " + m.group(2) + " verbatim");
            }
            if (kind != null && !kind.equals(p.kind())) {
              out.add(at + "kind: is " + kind + " but " + m.group(2) + " is " + p.kind());
            }
          }
        }
      }
    }
    return out;
  }

  /** The prompts of the shipped JSONL prompt files, by id. */
  static Map<String, Prompt> prompts(List<String> jsonlLines) throws Exception {
    Map<String, Prompt> out = new HashMap<>();
    for (String line : jsonlLines) {
      if (!line.isBlank()) {
        JsonNode p = JSON.readTree(line);
        out.put(p.get("id").asText(), new Prompt(p.get("text").asText(), p.get("kind").asText()));
      }
    }
    return out;
  }

  private static String textOrNull(JsonNode v) {
    return v != null && v.isTextual() ? v.asText() : null;
  }
}
