package org.ihlbench.transforms.stats;

import java.io.Serializable;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.ScoredSample;

/** A cell of the summary: one model under one condition and variant, on one kind of prompt. */
public record Cell(String model, String condition, String variant, PromptKind kind)
    implements Serializable {
  private static final String SEP = "\u001f";

  public static Cell of(ScoredSample s) {
    return new Cell(s.getModel(), s.getCondition(), s.getVariant(), s.getKind());
  }

  /** A string key for grouping (unit separators cannot occur in config names). */
  public String key() {
    return String.join(SEP, model, condition, variant, kind.name());
  }

  static String keyOf(ScoredSample s) {
    return String.join(SEP, s.getModel(), s.getCondition(), s.getVariant(), s.getKind().name());
  }

  public static Cell parse(String key) {
    String[] k = key.split(SEP, -1);
    return new Cell(k[0], k[1], k[2], PromptKind.valueOf(k[3]));
  }
}
