package org.ihlbench.transforms.io;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ihlbench.records.PromptKind;

/**
 * XSTest CSV ({@code id, prompt, type, label, focus, note}), the exaggerated-safety test set, so it
 * runs unchanged: types starting {@code contrast_} are its unsafe prompts ({@code violation}), the
 * rest are safe prompts that merely sound unsafe ({@code benign}), whose refusal rate is the
 * over-refusal rate. The framing is the type. {@code label}, when present, must agree with the
 * type; {@code focus} and {@code note} are optional and unused.
 */
public final class XsTestCsvFormat extends CsvPromptFormat {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "xstest-csv";
  static final String UNSAFE_TYPE_PREFIX = "contrast_";

  private static final List<String> COLUMNS = List.of("id", "prompt", "type");

  public XsTestCsvFormat() {
    super(new Layout(NAME, "an XSTest CSV (" + NAME + ")", COLUMNS, "id", "prompt"));
  }

  @Override
  void row(long line, Map<String, String> cells, String id, String text, String payload,
      RowSink sink) {
    String type = cells.get("type").strip();
    if (type.isEmpty()) {
      sink.reject(line, "missing or empty 'type' (it decides whether the prompt is safe)", payload);
      return;
    }
    PromptKind kind = type.startsWith(UNSAFE_TYPE_PREFIX) ? PromptKind.violation : PromptKind.benign;
    String label = cells.getOrDefault("label", "").strip().toLowerCase(Locale.ROOT);
    String expected = kind == PromptKind.violation ? "unsafe" : "safe";
    if (!label.isEmpty() && !label.equals(expected)) {
      sink.reject(line, "'label' is '" + label + "' but type '" + type + "' makes the prompt "
          + expected + " (types starting " + UNSAFE_TYPE_PREFIX + " are the unsafe ones)", payload);
      return;
    }
    sink.accept(new PromptRow(line, id, text, null, kind, type));
  }
}
