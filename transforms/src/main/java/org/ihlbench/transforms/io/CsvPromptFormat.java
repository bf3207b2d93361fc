package org.ihlbench.transforms.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prompt sets published as CSV with a header row (RFC 4180: quoted fields may hold commas,
 * doubled quotes and line breaks). Subclasses name the columns they need and turn one row into a
 * prompt; this class finds the columns, skips blank lines, and gives each row the line it starts
 * on, so dead letters point at the right place even after multi-line fields.
 */
abstract class CsvPromptFormat implements PromptFormat {
  private static final long serialVersionUID = 1L;
  private static final CsvMapper CSV = new CsvMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the format is called in error messages, e.g. "a HarmBench behaviour CSV". */
  abstract String description();

  /** Columns every file must have, in the order messages list them. */
  abstract List<String> requiredColumns();

  /** Turns one row (column name -> cell, missing cells empty) into a prompt row or a rejection. */
  abstract void row(long line, Map<String, String> cells, String payload, RowSink sink);

  @Override
  public void checkColumns(BufferedReader reader) throws IOException {
    try (CsvParser parser = open(reader)) {
      header(parser);
    }
  }

  @Override
  public void read(BufferedReader reader, RowSink sink) throws IOException {
    try (CsvParser parser = open(reader)) {
      List<String> header = header(parser);
      long nextRowLine = parser.getCurrentLocation().getLineNr();
      while (true) {
        List<String> cells = new ArrayList<>();
        long start = nextRowLine;
        try {
          JsonToken t = parser.nextToken();
          if (t == null || t == JsonToken.END_ARRAY) {
            return;
          }
          for (t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (cells.isEmpty()) {
              start = parser.getTokenLocation().getLineNr();
            }
            cells.add(parser.getText());
          }
        } catch (JsonProcessingException e) {
          // An unclosed quote swallows the rest of the file; there is no row boundary to resume at.
          sink.reject(start, "malformed CSV (" + e.getOriginalMessage().strip()
              + "); the rest of the file from this line on could not be read", null);
          return;
        }
        nextRowLine = parser.getCurrentLocation().getLineNr();
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
          sink.reject(start, "the row has " + cells.size() + " fields but the header has "
              + header.size() + " columns", payload.toString());
          continue;
        }
        for (String c : header) {
          byColumn.putIfAbsent(c, "");
        }
        row(start, byColumn, payload.toString(), sink);
      }
    }
  }

  private static CsvParser open(BufferedReader reader) throws IOException {
    CsvParser parser = (CsvParser) CSV.getFactory().createParser(reader);
    parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    parser.setSchema(CsvSchema.emptySchema());
    return parser;
  }

  /** Reads the header row and checks that every required column is there. */
  private List<String> header(CsvParser parser) throws IOException {
    List<String> header = new ArrayList<>();
    try {
      JsonToken t = parser.nextToken();
      if (t == JsonToken.START_ARRAY) {
        t = parser.nextToken();
      }
      if (t == JsonToken.START_ARRAY) {
        for (t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          String name = parser.getText().strip();
          // A byte-order mark, as spreadsheet programs write, is not part of the first name.
          header.add(header.isEmpty() && name.startsWith("\uFEFF") ? name.substring(1).strip() : name);
        }
      }
    } catch (JsonProcessingException e) {
      throw new PromptFormatException("cannot read the header row of " + description() + ": "
          + e.getOriginalMessage());
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
