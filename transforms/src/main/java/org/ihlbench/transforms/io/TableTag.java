package org.ihlbench.transforms.io;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.values.TupleTag;

/**
 * A tuple tag that names a table of a run and carries its schema, so {@link WriteTables} writes
 * every tagged collection as {@code <name>.parquet} without knowing the stages that made them.
 */
public final class TableTag<T extends SpecificRecord> extends TupleTag<T> {
  private static final long serialVersionUID = 1L;
  private final transient Schema schema;
  private final String schemaJson;

  public TableTag(String name, Schema schema) {
    super(name);
    this.schema = schema;
    this.schemaJson = schema.toString();
  }

  /** The table's file name without extension. */
  public String name() {
    return getId();
  }

  public Schema schema() {
    return schema != null ? schema : new Schema.Parser().parse(schemaJson);
  }
}
