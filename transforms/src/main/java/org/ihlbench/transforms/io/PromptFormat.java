package org.ihlbench.transforms.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;

/** A file format of prompt sets. Every row read becomes a prompt row or a rejection. */
public interface PromptFormat extends Serializable {

  /** The name users give in configs, e.g. {@code ihlbench-jsonl}. */
  String name();

  /** Reads one whole file. */
  void read(BufferedReader reader, RowSink sink) throws IOException;

  /** Where rows go. */
  interface RowSink {
    void accept(PromptRow row);

    /** A row that cannot be used, with its 1-based line and the reason. */
    void reject(long line, String reason, String payload);
  }

  static PromptFormat named(String name) {
    return switch (name) {
      case JsonlPromptFormat.NAME -> new JsonlPromptFormat();
      default -> throw new IllegalArgumentException("unknown prompt-set format '" + name
          + "'; known formats: " + JsonlPromptFormat.NAME);
    };
  }
}
