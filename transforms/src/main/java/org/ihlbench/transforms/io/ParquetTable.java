package org.ihlbench.transforms.io;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes records as a Parquet table under a directory: one file {@code <name>.parquet} when
 * {@code shards == 1} (small tables such as the summary), else {@code <name>-SSSSS-of-NNNNN.parquet}.
 */
public final class ParquetTable<T extends SpecificRecord> extends PTransform<PCollection<T>, PDone> {
  private final Schema schema;
  private final String directory;
  private final String name;
  private final int shards;

  private ParquetTable(Schema schema, String directory, String name, int shards) {
    this.schema = schema;
    this.directory = directory;
    this.name = name;
    this.shards = shards;
  }

  /** @param shards 1 for a single file, 0 to let the runner decide */
  public static <T extends SpecificRecord> ParquetTable<T> of(
      Schema schema, String directory, String name, int shards) {
    return new ParquetTable<>(schema, directory, name, shards);
  }

  @Override
  public PDone expand(PCollection<T> records) {
    FileIO.Write<Void, GenericRecord> write = FileIO.<GenericRecord>write()
        .via(ParquetIO.sink(schema).withCompressionCodec(CompressionCodecName.SNAPPY))
        .to(directory);
    if (shards == 1) {
      String file = name + ".parquet";
      write = write.withNumShards(1).withNaming((window, pane, numShards, shard, compression) -> file);
    } else {
      write = write.withPrefix(name).withSuffix(".parquet");
      if (shards > 1) {
        write = write.withNumShards(shards);
      }
    }
    records
        .apply("AsGeneric", MapElements.into(TypeDescriptor.of(GenericRecord.class))
            .via((T r) -> (GenericRecord) r))
        .setCoder(AvroCoder.generic(schema))
        .apply("Parquet", write);
    return PDone.in(records.getPipeline());
  }
}
