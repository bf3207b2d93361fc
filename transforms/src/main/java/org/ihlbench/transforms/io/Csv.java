package org.ihlbench.transforms.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated values as RFC 4180 has them (and spreadsheets write them): a cell with a comma,
 * a quote or a line break is quoted, quotes doubled; records end with CRLF. Reading accepts LF
 * too, and a UTF-8 byte-order mark, and numbers rows as a spreadsheet does (the header is row 1).
 */
public final class Csv {
  private Csv() {}

  /** One record, ended with CRLF. */
  public static String row(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String c = cells.get(i) == null ? "" : cells.get(i);
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0
          || c.indexOf('\r') >= 0) {
        sb.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(c);
      }
    }
    return sb.append("\r\n").toString();
  }

  /**
   * A cell a spreadsheet will show as text, never run as a formula: model output that starts
   * with = + - @ (or a tab or carriage return) gets a leading apostrophe, as OWASP advises
   * against CSV injection. Only for cells that are shown, never read back.
   */
  public static String inert(String cell) {
    if (cell == null || cell.isEmpty()) {
      return cell;
    }
    char c = cell.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + cell : cell;
  }

  /** A record and its spreadsheet row number. */
  public record Row(int number, List<String> cells) {}

  /** A file that is not valid CSV, with the row where it breaks. */
  public static final class CsvException extends Exception {
    private static final long serialVersionUID = 1L;

    CsvException(String message) {
      super(message);
    }
  }

  public static List<Row> parse(String text) throws CsvException {
    List<Row> rows = new ArrayList<>();
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean cellStarted = false;
    int i = 0;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < t.length() && t.charAt(i + 1) == '"') {
            cell.append('"');
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          if (i < t.length() && t.charAt(i) != ',' && t.charAt(i) != '\n' && t.charAt(i) != '\r') {
            throw new CsvException("row " + (rows.size() + 1)
                + ": text after the closing quote of a cell");
          }
          continue;
        }
        cell.append(c);
        i++;
        continue;
      }
      if (c == '"' && cell.length() == 0 && !cellStarted) {
        quoted = true;
        cellStarted = true;
        i++;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
        cellStarted = false;
        i++;
      } else if (c == '\r' || c == '\n') {
        cells.add(cell.toString());
        cell.setLength(0);
        cellStarted = false;
        rows.add(new Row(rows.size() + 1, List.copyOf(cells)));
        cells.clear();
        i += c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n' ? 2 : 1;
      } else {
        cell.append(c);
        cellStarted = true;
        i++;
      }
    }
    if (quoted) {
      throw new CsvException("row " + (rows.size() + 1) + ": a quoted cell is never closed");
    }
    if (cellStarted || cell.length() > 0 || !cells.isEmpty()) {
      cells.add(cell.toString());
      rows.add(new Row(rows.size() + 1, List.copyOf(cells)));
    }
    // Blank lines (a lone empty cell) carry nothing; spreadsheets add them at the end.
    rows.removeIf(r -> r.cells().size() == 1 && r.cells().get(0).isEmpty());
    return rows;
  }
}
