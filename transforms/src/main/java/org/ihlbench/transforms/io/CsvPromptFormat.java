package org.ihlbench.transforms.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prompt sets published as CSV with a header row (RFC 4180: quoted fields may hold commas,
 * doubled quotes and line breaks), read with {@link Csv}. Subclasses name the columns they need
 * and turn one row into a prompt; this class finds the columns, skips blank lines, and gives each
 * row the line it starts on, so dead letters point at the right place even after multi-line
 * fields.
 */
abstract class CsvPromptFormat implements PromptFormat {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a format's files look like.
   *
   * @param description what the format is called in error messages, e.g. "a HarmBench
   *     behaviour CSV (harmbench-csv)"
   * @param requiredColumns columns every file must have, in the order messages list them
   * @param idColumn the prompt's id, which every row must have
   * @param textColumn the request, which every row must have
   */
  record Layout(String name, String description, List<String> requiredColumns, String idColumn,
      String textColumn) implements java.io.Serializable {}

  private final Layout layout;

  CsvPromptFormat(Layout layout) {
    this.layout = layout;
  }

  @Override
  public final String name() {
    return layout.name();
  }

  final String description() {
    return layout.description();
  }

  final List<String> requiredColumns() {
    return layout.requiredColumns();
  }

  /**
   * Turns one row with an id and a text (column name -> cell, missing cells empty) into a prompt
   * row or a rejection.
   */
  abstract void row(long line, Map<String, String> cells, String id, String text, String payload,
      RowSink sink);

  @Override
  public void checkColumns(BufferedReader reader) throws IOException {
    try (Csv.Rows rows = new Csv.Rows(reader)) {
      header(rows);
    }
  }

  @Override
  public void read(BufferedReader reader, RowSink sink) throws IOException {
    try (Csv.Rows rows = new Csv.Rows(reader)) {
      List<String> header = header(rows);
      while (true) {
        Csv.Row row;
        try {
          row = rows.next();
        } catch (Csv.CsvException e) {
          // An unclosed quote swallows the rest of the file; there is no row boundary to resume at.
          sink.reject(e.line(), "malformed CSV (" + e.parserMessage()
              + "); the rest of the file from this line on could not be read", null);
          return;
        }
        if (row == null) {
          return;
        }
        List<String> cells = row.cells();
        if (cells.stream().allMatch(String::isBlank)) {
          continue;
        }
        Map<String, String> byColumn = new HashMap<>();
        ObjectNode payload = JSON.createObjectNode();
        for (int i = 0; i < Math.min(cells.size(), header.size()); i++) {
          byColumn.put(header.get(i), cells.get(i));
          payload.put(header.get(i), cells.get(i));
        }
        if (cells.size() > header.size()) {
          sink.reject(row.line(), "the row has " + cells.size() + " fields but the header has "
              + header.size() + " columns", payload.toString());
          continue;
        }
        for (String c : header) {
          byColumn.putIfAbsent(c, "");
        }
        String id = byColumn.get(layout.idColumn()).strip();
        String text = byColumn.get(layout.textColumn());
        String json = payload.toString();
        // Every format needs an id and a text; an empty text is rejected as such, so that
        // validate can count it.
        if (id.isEmpty()) {
          sink.reject(row.line(), "missing or empty '" + layout.idColumn() + "'", json);
        } else if (blank(text)) {
          sink.rejectEmptyText(row.line(), "missing or empty '" + layout.textColumn() + "'", json);
        } else {
          row(row.line(), byColumn, id, text, json, sink);
        }
      }
    }
  }

  /** Reads the header row and checks that every required column is there. */
  private List<String> header(Csv.Rows rows) throws IOException {
    List<String> header = new ArrayList<>();
    try {
      Csv.Row first = rows.next();
      if (first != null) {
        first.cells().forEach(name -> header.add(name.strip()));
      }
    } catch (Csv.CsvException e) {
      throw new PromptFormatException("cannot read the header row of " + description() + ": "
          + e.parserMessage());
    }
    if (header.isEmpty() || header.stream().allMatch(String::isEmpty)) {
      throw new PromptFormatException("the file is empty; " + description()
          + " starts with a header row with the columns " + String.join(", ", requiredColumns()));
    }
    List<String> missing = new ArrayList<>(requiredColumns());
    missing.removeAll(header);
    if (!missing.isEmpty()) {
      throw new PromptFormatException("missing column" + (missing.size() > 1 ? "s " : " ")
          + "'" + String.join("', '", missing) + "': " + description() + " needs the columns "
          + String.join(", ", requiredColumns()) + "; this header has "
          + String.join(", ", header));
    }
    return header;
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
