package org.ihlbench.transforms.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.File;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.ihlbench.records.BreakdownRow;
import org.ihlbench.records.PromptKind;
import org.ihlbench.transforms.Records;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WriteTablesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static BreakdownRow row(String chapter, long n) {
    return BreakdownRow.newBuilder().setRunId("r").setModel("m").setCondition("baseline")
        .setVariant("plain").setKind(PromptKind.violation).setLevel("chapter").setChapter(chapter)
        .setN(n).setClusters(n).setRefusals(1).setRefusalRate(1.0 / n).setRefusalCiLow(0)
        .setRefusalCiHigh(1).setHelpfulRefusals(0).setHelpfulRate(0).setHelpfulCiLow(0)
        .setHelpfulCiHigh(1).setCiMethod("wilson").build();
  }

  @Test
  public void writesEachTaggedTableAsOneParquetFileAndSkipsUntaggedMembers() throws Exception {
    TableTag<BreakdownRow> chapters = new TableTag<>("by_chapter", BreakdownRow.getClassSchema());
    TupleTag<BreakdownRow> other = new TupleTag<>("not_a_table") {};
    PCollectionTuple.of(chapters, p.apply("Chapters",
            Create.of(row("Ch1", 3), row("Ch4", 5)).withCoder(Records.coder(BreakdownRow.class))))
        .and(other, p.apply("Other",
            Create.of(row("x", 1)).withCoder(Records.coder(BreakdownRow.class))))
        .apply(WriteTables.to(tmp.getRoot().getPath() + "/"));
    p.run().waitUntilFinish();
    List<GenericRecord> back = ParquetFiles.readAll(tmp.getRoot() + "/by_chapter.parquet");
    assertEquals(2, back.size());
    long total = 0;
    for (GenericRecord r : back) {
      total += (Long) r.get("n");
      assertEquals("chapter", r.get("level").toString());
    }
    assertEquals(8, total);
    assertFalse(new File(tmp.getRoot(), "not_a_table.parquet").exists());
  }
}
