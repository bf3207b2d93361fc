package org.ihlbench.transforms.io;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Writes each collection of a tuple tagged with a {@link TableTag} as one Parquet file
 * {@code <run dir>/<name>.parquet}; other members of the tuple are left to other writers (the
 * summary, say, which WriteRun writes). Tables written this way are small: rows per cell, not per
 * sample.
 */
public final class WriteTables extends PTransform<PCollectionTuple, PDone> {
  private final String runDir;

  private WriteTables(String runDir) {
    this.runDir = Folder.at(runDir).path();
  }

  public static WriteTables to(String runDir) {
    return new WriteTables(runDir);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public PDone expand(PCollectionTuple tables) {
    for (Map.Entry<TupleTag<?>, PCollection<?>> e : tables.getAll().entrySet()) {
      if (e.getKey() instanceof TableTag<?> tag) {
        PCollection<? extends SpecificRecord> rows = (PCollection) e.getValue();
        rows.apply("Write_" + tag.name(),
            (ParquetTable) ParquetTable.of(tag.schema(), runDir, tag.name(), 1));
      }
    }
    return PDone.in(tables.getPipeline());
  }
}
