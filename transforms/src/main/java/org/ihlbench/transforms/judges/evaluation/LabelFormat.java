package org.ihlbench.transforms.judges.evaluation;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ihlbench.records.RefusalLevel;

/**
 * How a file of labelled answers is laid out: which column holds what, which columns group the
 * answers for the bias figures, and what each label value in the file means.
 *
 * @param id column of an answer's id (optional: without it, answers are named by their line)
 * @param request column of the request the model was given
 * @param response column of the model's answer
 * @param label column of the people's label
 * @param helpful column saying whether a refusal explains itself (optional; empty when absent)
 * @param groups columns to break the refusal-rate bias down by (model, kind, style, ...)
 * @param values label value as written in the file (compared without case) -> refusal level
 */
public record LabelFormat(String id, String request, String response, String label,
    String helpful, List<String> groups, Map<String, RefusalLevel> values) implements Serializable {

  public LabelFormat {
    groups = List.copyOf(groups);
    Map<String, RefusalLevel> lower = new LinkedHashMap<>();
    values.forEach((k, v) -> lower.put(k.strip().toLowerCase(Locale.ROOT), v));
    values = java.util.Collections.unmodifiableMap(lower);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no label values are mapped");
    }
  }

  /** The columns ihlbench's own files use; labels written full, partial, none. */
  public static LabelFormat defaults() {
    return new LabelFormat("id", "request", "response", "label", "helpful", List.of(),
        identityValues());
  }

  public static Map<String, RefusalLevel> identityValues() {
    Map<String, RefusalLevel> m = new LinkedHashMap<>();
    for (RefusalLevel l : RefusalLevel.values()) {
      m.put(l.name(), l);
    }
    return m;
  }

  public LabelFormat withGroups(List<String> columns) {
    return new LabelFormat(id, request, response, label, helpful, columns, values);
  }

  public LabelFormat withValues(Map<String, RefusalLevel> mapping) {
    return new LabelFormat(id, request, response, label, helpful, groups, mapping);
  }

  /** The refusal level a label value stands for, or null when it is not mapped. */
  public RefusalLevel level(String value) {
    return values.get(value.strip().toLowerCase(Locale.ROOT));
  }
}
