package org.ihlbench.transforms.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class CsvTest {
  @Test
  public void cellsWithCommasQuotesAndLineBreaksSurviveARoundTrip() throws Exception {
    List<String> cells = Arrays.asList("plain", "a, b", "say \"no\"", "two\nlines", "cr\r\nlf", "", null);
    String text = Csv.row(List.of("h1", "h2", "h3", "h4", "h5", "h6", "h7")) + Csv.row(cells);
    List<Csv.Row> rows = Csv.parse(text);
    assertEquals(2, rows.size());
    assertEquals(List.of("plain", "a, b", "say \"no\"", "two\nlines", "cr\r\nlf", "", ""),
        rows.get(1).cells());
    assertEquals(2, rows.get(1).number());
  }

  @Test
  public void rowsAreNumberedAsASpreadsheetDoesAndBomAndLfAreAccepted() throws Exception {
    List<Csv.Row> rows = Csv.parse("\uFEFFa,b\n1,\"x\ny\"\n2,z\n\n");
    assertEquals(List.of("a", "b"), rows.get(0).cells());
    assertEquals(3, rows.size());
    assertEquals(3, rows.get(2).number());
    assertEquals(List.of("2", "z"), rows.get(2).cells());
  }

  @Test
  public void brokenQuotingNamesTheRow() {
    assertEquals("row 2: a quoted cell is never closed",
        assertThrows(Csv.CsvException.class, () -> Csv.parse("a,b\n1,\"open\n")).getMessage());
    assertEquals("row 2: text after the closing quote of a cell",
        assertThrows(Csv.CsvException.class, () -> Csv.parse("a,b\n\"x\"y,1\n")).getMessage());
  }

  @Test
  public void cellsThatASpreadsheetWouldRunAsFormulasAreMadeText() {
    assertEquals("'=HYPERLINK(\"x\")", Csv.inert("=HYPERLINK(\"x\")"));
    assertEquals("'+1", Csv.inert("+1"));
    assertEquals("'-1", Csv.inert("-1"));
    assertEquals("'@SUM(A1)", Csv.inert("@SUM(A1)"));
    assertEquals("I can't help.", Csv.inert("I can't help."));
  }
}
