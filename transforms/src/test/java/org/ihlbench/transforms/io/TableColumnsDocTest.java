package org.ihlbench.transforms.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.ihlbench.records.BreakdownRow;
import org.ihlbench.records.ExampleResponse;
import org.ihlbench.records.JudgeActivityRow;
import org.ihlbench.records.JudgeAgreementRow;
import org.ihlbench.records.PairedDelta;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;
import org.junit.Test;

/**
 * docs/STATISTICS.md is the one home of the tables' columns: each table's section lists exactly
 * the columns its record schema has, and the schemas describe none of them on their own (a
 * description there would be a second home that drifts).
 */
public class TableColumnsDocTest {
  private static final Path DOC = Path.of("..", "docs", "STATISTICS.md");
  private static final Pattern NAME = Pattern.compile("`([a-z_0-9]+)`");

  /** Section heading -> the schema of the table(s) it documents. */
  private static final Map<String, Schema> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("### `summary.parquet`", SummaryRow.getClassSchema());
    TABLES.put("### `paired_deltas.parquet`", PairedDelta.getClassSchema());
    TABLES.put("### `by_part.parquet`, `by_chapter.parquet`, `by_rule.parquet`",
        BreakdownRow.getClassSchema());
    TABLES.put("### `examples.parquet`", ExampleResponse.getClassSchema());
    TABLES.put("### `judged_samples-*.parquet`", ScoredSample.getClassSchema());
    TABLES.put("### `judge_agreement.parquet`", JudgeAgreementRow.getClassSchema());
    TABLES.put("### `judge_activity.parquet`", JudgeActivityRow.getClassSchema());
  }

  /** The column names the first "| column | meaning |" table after {@code heading} lists. */
  static Set<String> documentedColumns(String doc, String heading) {
    int at = doc.indexOf("\n" + heading + "\n");
    assertTrue("STATISTICS.md has no section " + heading, at >= 0);
    int table = doc.indexOf("| column | meaning |", at);
    int next = doc.indexOf("\n### ", at + 1);
    assertTrue(heading + ": no column table in its section",
        table >= 0 && (next < 0 || table < next));
    Set<String> names = new TreeSet<>();
    for (String line : doc.substring(table).split("\n")) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("\\|");
      if (cells.length < 2 || cells[1].contains("column") || cells[1].contains("---")) {
        continue;
      }
      Matcher m = NAME.matcher(cells[1]);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  public void eachTableListsExactlyItsSchemasColumns() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    for (Map.Entry<String, Schema> t : TABLES.entrySet()) {
      Set<String> fields = new TreeSet<>();
      t.getValue().getFields().forEach(f -> fields.add(f.name()));
      assertEquals(t.getKey(), fields, documentedColumns(doc, t.getKey()));
    }
  }

  @Test
  public void theSchemasDescribeNoColumnOfTheirOwn() {
    for (Map.Entry<String, Schema> t : TABLES.entrySet()) {
      for (Schema.Field f : t.getValue().getFields()) {
        assertNull(t.getValue().getName() + "." + f.name() + " has a description in the avdl;"
            + " it belongs in docs/STATISTICS.md (" + t.getKey() + ")", f.doc());
      }
      assertTrue(t.getValue().getName() + ": its doc should point at docs/STATISTICS.md",
          t.getValue().getDoc().contains("docs/STATISTICS.md"));
    }
  }

  @Test
  public void aMissingOrExtraColumnIsCaught() {
    String doc = "\n### `t.parquet`\n\n| column | meaning |\n|---|---|\n| `a`, `b` | x |\n"
        + "| `c` | y, see `not_a_column_cell` |\n\n### next\n";
    assertEquals(Set.of("a", "b", "c"), documentedColumns(doc, "### `t.parquet`"));
  }
}
