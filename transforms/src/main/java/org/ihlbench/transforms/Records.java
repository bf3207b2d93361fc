package org.ihlbench.transforms;

import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/** Coders for the generated Avro records that flow between stages. */
public final class Records {
  private Records() {}

  public static <T extends SpecificRecord> Coder<T> coder(Class<T> type) {
    return AvroCoder.of(type);
  }
}
