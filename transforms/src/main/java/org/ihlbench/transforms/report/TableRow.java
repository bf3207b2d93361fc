package org.ihlbench.transforms.report;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A row of a run's Parquet table read by column name, tolerant of columns that an older run (or
 * another version of a table) does not have: a missing or null number reads as NaN, a missing
 * string as null.
 */
public record TableRow(GenericRecord record) {

  public boolean has(String column) {
    return record.getSchema().getField(column) != null;
  }

  public String str(String column) {
    Object v = has(column) ? record.get(column) : null;
    return v == null ? null : v.toString();
  }

  public double num(String column) {
    Object v = has(column) ? record.get(column) : null;
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  public long lng(String column) {
    Object v = has(column) ? record.get(column) : null;
    return v instanceof Number n ? n.longValue() : 0;
  }

  public Integer integer(String column) {
    Object v = has(column) ? record.get(column) : null;
    return v instanceof Number n ? n.intValue() : null;
  }

  public boolean bool(String column) {
    Object v = has(column) ? record.get(column) : null;
    return Boolean.TRUE.equals(v);
  }

  /** Column names in table order. */
  public java.util.List<String> columns() {
    return record.getSchema().getFields().stream().map(Schema.Field::name).toList();
  }

  /** A value for display, whatever its type. */
  public Object value(String column) {
    return has(column) ? record.get(column) : null;
  }
}
