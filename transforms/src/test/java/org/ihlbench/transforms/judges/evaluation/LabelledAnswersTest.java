package org.ihlbench.transforms.judges.evaluation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.ihlbench.records.RefusalLevel;
import org.junit.Test;

public class LabelledAnswersTest {
  /** XSTest's label names, as an example of a mapping. */
  private static final LabelFormat XSTEST = LabelFormat.defaults()
      .withGroups(List.of("model"))
      .withValues(Map.of("1_full_compliance", RefusalLevel.none,
          "2_full_refusal", RefusalLevel.full, "3_partial_refusal", RefusalLevel.partial));

  @Test
  public void csvRowsAreReadWithTheirRowNumbersAndMappedLabels() throws Exception {
    String csv = "id,request,response,label,model\r\n"
        + "a,Kill a process?,\"Use kill, then wait.\",1_full_compliance,m1\r\n"
        + "b,Q2,\"I can't\nhelp.\",2_FULL_REFUSAL,m2\r\n"
        + ",Q3,,3_partial_refusal,m1\r\n";
    LabelledAnswers.Read r = LabelledAnswers.parse("l.csv", csv, XSTEST);
    assertEquals(3, r.rows());
    assertTrue(r.bad().toString(), r.bad().isEmpty());
    LabelledAnswer a = r.answers().get(0);
    assertEquals("row-2", a.key());
    assertEquals("a", a.id());
    assertEquals("Use kill, then wait.", a.response());
    assertEquals(RefusalLevel.none, a.label());
    assertEquals(Map.of("model", "m1"), a.groups());
    assertEquals("I can't\nhelp.", r.answers().get(1).response());
    assertEquals(RefusalLevel.full, r.answers().get(1).label());
    // No id: the answer is named by its row; an empty response is an (empty) answer.
    assertEquals("row-4", r.answers().get(2).id());
    assertEquals("", r.answers().get(2).response());
    assertNull(r.answers().get(2).helpful());
  }

  @Test
  public void jsonlRowsAreReadWithTheirLineNumbers() throws Exception {
    String jsonl = "{\"id\":\"x\",\"request\":\"Q\",\"response\":\"R\",\"label\":\"full\","
        + "\"helpful\":true,\"style\":\"explicit\"}\n\n"
        + "{\"id\":\"y\",\"request\":\"Q\",\"response\":\"R\",\"label\":\"none\",\"helpful\":null,"
        + "\"style\":null}\n";
    LabelledAnswers.Read r = LabelledAnswers.parse("l.jsonl", jsonl,
        LabelFormat.defaults().withGroups(List.of("style")));
    assertEquals(2, r.rows());
    assertEquals("line-1", r.answers().get(0).key());
    assertEquals(Boolean.TRUE, r.answers().get(0).helpful());
    assertEquals("line-3", r.answers().get(1).key());
    assertEquals("(empty)", r.answers().get(1).groups().get("style"));
  }

  @Test
  public void badRowsAreKeptWithTheirLineColumnAndReasonAndCounted() throws Exception {
    String jsonl = String.join("\n",
        "{\"id\":\"1\",\"request\":\"Q\",\"response\":\"R\",\"label\":\"full\"}",
        "not json",
        "[1, 2]",
        "{\"id\":\"4\",\"request\":\"Q\",\"response\":\"R\",\"label\":\"refused\"}",
        "{\"id\":\"5\",\"request\":\"Q\",\"response\":\"R\",\"label\":\"full\",\"helpful\":\"maybe\"}",
        "{\"id\":\"6\",\"request\":\"Q\",\"label\":\"full\"}",
        "{\"id\":\"1\",\"request\":\"Q\",\"response\":\"R\",\"label\":\"none\"}",
        "{\"id\":\"8\",\"request\":\"Q\",\"response\":\"R\",\"label\":\"none\",\"helpful\":true}",
        "{\"id\":\"9\",\"request\":\" \",\"response\":\"R\",\"label\":\"none\"}",
        "{\"id\":\"10\",\"request\":{\"a\":1},\"response\":\"R\",\"label\":\"none\"}",
        "{\"id\":\"11\",\"request\":\"Q\",\"response\":\"R\",\"label\":\"\"}");
    LabelledAnswers.Read r = LabelledAnswers.parse("l.jsonl", jsonl, LabelFormat.defaults());
    assertEquals(11, r.rows());
    assertEquals(1, r.answers().size());
    assertEquals(r.rows(), r.answers().size() + r.bad().size());
    List<String> messages = r.bad().stream().map(LabelledAnswers.BadRow::message).toList();
    assertTrue(messages.get(0), messages.get(0).startsWith("l.jsonl: line 2: not valid JSON"));
    assertEquals("l.jsonl: line 3: not a JSON object", messages.get(1));
    assertEquals("l.jsonl: line 4, column label: 'refused' is not one of the label values"
        + " [full, partial, none]", messages.get(2));
    assertEquals("l.jsonl: line 5, column helpful: 'maybe' is not true or false (or empty)",
        messages.get(3));
    assertEquals("l.jsonl: line 6, column response: is missing", messages.get(4));
    assertEquals("l.jsonl: line 7, column id: '1' appears twice (also line 1)", messages.get(5));
    assertEquals("l.jsonl: line 8, column helpful: must be empty when the label is not a refusal",
        messages.get(6));
    assertEquals("l.jsonl: line 9, column request: is empty", messages.get(7));
    assertEquals("l.jsonl: line 10, column request: must be a string, a number or a boolean,"
        + " not object", messages.get(8));
    assertEquals("l.jsonl: line 11, column label: is empty; expected one of [full, partial, none]",
        messages.get(9));
  }

  @Test
  public void aCsvRowWithTooFewCellsOrAMissingGroupIsABadRow() throws Exception {
    String csv = "request,response,label,model\nQ,R,full,m1\nQ,R\nQ,R,none,\n";
    LabelledAnswers.Read r = LabelledAnswers.parse("l.csv", csv,
        LabelFormat.defaults().withGroups(List.of("model")));
    assertEquals(3, r.rows());
    assertEquals(2, r.answers().size());
    assertEquals("l.csv: row 3, column label: is empty; expected one of [full, partial, none]",
        r.bad().get(0).message());
    assertEquals("(empty)", r.answers().get(1).groups().get("model"));
  }

  @Test
  public void aFileThatCannotBeReadAtAllSaysWhy() {
    assertEquals("l.csv: row 1: no column 'label' in the header [request, response]",
        assertThrows(LabelledAnswers.FileException.class, () -> LabelledAnswers.parse("l.csv",
            "request,response\nQ,R\n", LabelFormat.defaults())).getMessage());
    assertEquals("l.csv: the file is empty; expected a header row naming the columns"
            + " [request, response, label]",
        assertThrows(LabelledAnswers.FileException.class, () -> LabelledAnswers.parse("l.csv",
            "", LabelFormat.defaults())).getMessage());
    assertTrue(assertThrows(LabelledAnswers.FileException.class, () -> LabelledAnswers.parse(
        "l.csv", "request,response,label\n\"Q,R,full\n", LabelFormat.defaults())).getMessage()
        .startsWith("l.csv: row 2: a quoted cell is never closed"));
    assertEquals("l.txt: expected a .csv or .jsonl file of labelled answers",
        assertThrows(LabelledAnswers.FileException.class, () -> LabelledAnswers.parse("l.txt",
            "x", LabelFormat.defaults())).getMessage());
  }
}
