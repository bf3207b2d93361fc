package org.ihlbench.transforms.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import org.ihlbench.records.PromptKind;

/**
 * ihlbench's own format: one JSON object per line with {@code id}, {@code text} and optionally
 * {@code rule_number}, {@code kind} (violation | benign, default violation) and {@code framing}.
 * Blank lines are skipped.
 */
public final class JsonlPromptFormat implements PromptFormat {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "ihlbench-jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMPTY_TEXT = "missing or empty 'text'";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void read(BufferedReader reader, RowSink sink) throws IOException {
    long lineNo = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        sink.reject(lineNo, "not valid JSON: " + e.getOriginalMessage(), line);
        continue;
      }
      if (node == null || !node.isObject()) {
        sink.reject(lineNo, "not a JSON object", line);
        continue;
      }
      String problem = null;
      String id = scalarText(node.get("id"));
      String text = node.path("text").isTextual() ? node.get("text").asText() : null;
      Integer rule = null;
      PromptKind kind = PromptKind.violation;
      if (id == null || id.isBlank()) {
        problem = "missing or empty 'id'";
      } else if (text == null || text.isBlank()) {
        problem = EMPTY_TEXT;
      } else if (node.hasNonNull("rule_number")) {
        JsonNode r = node.get("rule_number");
        if (r.isIntegralNumber() || (r.isTextual() && r.asText().matches("\\d+"))) {
          rule = r.asInt();
        } else {
          problem = "'rule_number' must be a whole number, got " + r;
        }
      }
      if (problem == null && node.hasNonNull("kind")) {
        String k = node.get("kind").asText();
        try {
          kind = PromptKind.valueOf(k);
        } catch (IllegalArgumentException e) {
          problem = "unknown 'kind' '" + k + "'; expected violation or benign";
        }
      }
      if (problem != null && problem.equals(EMPTY_TEXT)) {
        sink.rejectEmptyText(lineNo, problem, line);
        continue;
      }
      if (problem != null) {
        sink.reject(lineNo, problem, line);
        continue;
      }
      String framing = node.hasNonNull("framing") ? node.get("framing").asText() : null;
      sink.accept(new PromptRow(lineNo, id.trim(), text, rule, kind, framing));
    }
  }

  private static String scalarText(JsonNode n) {
    if (n == null || n.isNull() || n.isContainerNode()) {
      return null;
    }
    return n.asText();
  }
}
