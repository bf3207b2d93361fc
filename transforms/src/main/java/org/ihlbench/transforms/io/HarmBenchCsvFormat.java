package org.ihlbench.transforms.io;

import java.util.List;
import java.util.Map;
import org.ihlbench.records.PromptKind;

/**
 * HarmBench behaviour CSV ({@code Behavior, FunctionalCategory, SemanticCategory, Tags,
 * ContextString, BehaviorID}), so HarmBench's text behaviours run unchanged. Every behaviour is
 * harmful, so every row is a {@code violation}; the id is {@code BehaviorID}. A contextual
 * behaviour's {@code ContextString} is part of the request and goes before it, joined the way
 * HarmBench's own evaluation joins them. The framing is {@code FunctionalCategory/SemanticCategory}
 * (e.g. {@code contextual/harassment_bullying}). {@code Tags} is optional and unused.
 */
public final class HarmBenchCsvFormat extends CsvPromptFormat {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "harmbench-csv";
  /** HarmBench puts the context string before the behaviour with this separator. */
  static final String CONTEXT_SEPARATOR = "\n\n---\n\n";

  private static final List<String> COLUMNS = List.of(
      "Behavior", "FunctionalCategory", "SemanticCategory", "ContextString", "BehaviorID");

  public HarmBenchCsvFormat() {
    super(new Layout(NAME, "a HarmBench behaviour CSV (" + NAME + ")", COLUMNS, "BehaviorID",
        "Behavior"));
  }

  @Override
  void row(long line, Map<String, String> cells, String id, String behaviour, String payload,
      RowSink sink) {
    String context = cells.get("ContextString");
    String text = blank(context) ? behaviour : context + CONTEXT_SEPARATOR + behaviour;
    String functional = cells.get("FunctionalCategory").strip();
    String semantic = cells.get("SemanticCategory").strip();
    String framing = functional.isEmpty() && semantic.isEmpty() ? null : functional + "/" + semantic;
    sink.accept(new PromptRow(line, id, text, null, PromptKind.violation, framing));
  }
}
