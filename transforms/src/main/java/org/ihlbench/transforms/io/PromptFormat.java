package org.ihlbench.transforms.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/** A file format of prompt sets. Every row read becomes a prompt row or a rejection. */
public interface PromptFormat extends Serializable {

  /** The name users give in configs, e.g. {@code ihlbench-jsonl}. */
  String name();

  /**
   * Reads one whole file. A file this format cannot read at all (a missing column) throws
   * {@link PromptFormatException}; the driver calls {@link #checkColumns} first so that a run
   * stops with a config error instead.
   */
  void read(BufferedReader reader, RowSink sink) throws IOException;

  /**
   * Reads the start of a file and throws {@link PromptFormatException} naming what is missing
   * when the file cannot be of this format. Formats without a header accept anything here.
   */
  default void checkColumns(BufferedReader reader) throws IOException {}

  /** Where rows go. */
  interface RowSink {
    void accept(PromptRow row);

    /** A row that cannot be used, with its 1-based (starting) line and the reason. */
    void reject(long line, String reason, String payload);

    /** A row rejected because its text is missing or blank; a reject like any other by default. */
    default void rejectEmptyText(long line, String reason, String payload) {
      reject(line, reason, payload);
    }
  }

  /** The format names configs may give, in the order error messages list them. */
  List<String> NAMES = List.of(
      JsonlPromptFormat.NAME, HarmBenchCsvFormat.NAME, XsTestCsvFormat.NAME);

  static PromptFormat named(String name) {
    return switch (name) {
      case JsonlPromptFormat.NAME -> new JsonlPromptFormat();
      case HarmBenchCsvFormat.NAME -> new HarmBenchCsvFormat();
      case XsTestCsvFormat.NAME -> new XsTestCsvFormat();
      default -> throw new IllegalArgumentException("unknown prompt-set format '" + name
          + "'; known formats: " + String.join(", ", NAMES));
    };
  }
}
