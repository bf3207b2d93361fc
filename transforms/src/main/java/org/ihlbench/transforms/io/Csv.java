package org.ihlbench.transforms.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated values as RFC 4180 has them (and spreadsheets write them), the one CSV codec:
 * prompt sets ({@link CsvPromptFormat}) and calibration files are read with it (jackson-csv
 * underneath). Writing quotes a cell with a comma, a quote or a line break, doubles quotes, and
 * ends records with CRLF.
 */
public final class Csv {
  private static final CsvMapper CSV = new CsvMapper();

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

  /**
   * A record: its number as a spreadsheet numbers rows (the header is 1; a multi-line cell does
   * not add rows) and the line of the file it starts on.
   */
  public record Row(int number, long line, List<String> cells) {}

  /** Text that is not valid CSV, with the record where it breaks; nothing after it can be read. */
  public static final class CsvException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int row;
    private final long line;
    private final String parserMessage;

    CsvException(int row, long line, String problem, String parserMessage) {
      super("row " + row + ": " + problem);
      this.row = row;
      this.line = line;
      this.parserMessage = parserMessage;
    }

    public int row() {
      return row;
    }

    /** The line the broken record starts on. */
    public long line() {
      return line;
    }

    /** What the parser said, for messages that quote it. */
    public String parserMessage() {
      return parserMessage;
    }
  }

  /** Every record of a text, blank lines left out (spreadsheets add them at the end). */
  public static List<Row> parse(String text) throws CsvException {
    List<Row> rows = new ArrayList<>();
    try (Rows in = new Rows(new StringReader(text))) {
      for (Row r = in.next(); r != null; r = in.next()) {
        if (!(r.cells().size() == 1 && r.cells().get(0).isEmpty())) {
          rows.add(r);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /**
   * Records read one by one (RFC 4180: quoted fields may hold commas, doubled quotes and line
   * breaks; CRLF or LF; a UTF-8 byte-order mark before the first cell is dropped), each with its
   * number and the line it starts on, so messages point at the right place even after
   * multi-line fields.
   */
  public static final class Rows implements Closeable {
    private final CsvParser parser;
    private int number;
    private long nextLine = 1;

    public Rows(Reader reader) throws IOException {
      parser = (CsvParser) CSV.getFactory().createParser(reader);
      parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
      parser.setSchema(CsvSchema.emptySchema());
    }

    /** The next record, or null at the end of the text. */
    public Row next() throws IOException, CsvException {
      List<String> cells = new ArrayList<>();
      long start = nextLine;
      try {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.START_ARRAY && number == 0) {
          t = parser.nextToken(); // the array that wraps every record
        }
        if (t == null || t == JsonToken.END_ARRAY) {
          return null;
        }
        for (t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY;
            t = parser.nextToken()) {
          if (cells.isEmpty()) {
            start = parser.getTokenLocation().getLineNr();
          }
          String cell = parser.getText();
          cells.add(number == 0 && cells.isEmpty() && cell.startsWith("\uFEFF")
              ? cell.substring(1) : cell);
        }
      } catch (JsonProcessingException e) {
        String said = e.getOriginalMessage().strip();
        throw new CsvException(number + 1, start, said.startsWith("Missing closing quote")
            ? "a quoted cell is never closed"
            : said.startsWith("Unexpected character") ? "text after the closing quote of a cell"
            : said, said);
      }
      number++;
      nextLine = parser.getCurrentLocation().getLineNr();
      return new Row(number, start, List.copyOf(cells));
    }

    @Override
    public void close() throws IOException {
      parser.close();
    }
  }
}
