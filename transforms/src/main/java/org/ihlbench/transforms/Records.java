package org.ihlbench.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;

/** Coders for the generated Avro records that flow between stages. */
public final class Records {
  private Records() {}

  public static <T extends SpecificRecord> Coder<T> coder(Class<T> type) {
    return new RecordCoder<>(type);
  }

  /**
   * Avro binary encoding of a generated record class. Unlike Beam's AvroCoder it serializes as
   * just the class name (the schema comes from the class), which matters because the Direct
   * runner re-serializes a transform's coders for every bundle it processes.
   */
  static final class RecordCoder<T extends SpecificRecord> extends CustomCoder<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;
    private transient ThreadLocal<DatumWriter<T>> writer;
    private transient ThreadLocal<DatumReader<T>> reader;
    private transient ThreadLocal<BinaryEncoder> encoder;
    private transient ThreadLocal<BinaryDecoder> decoder;

    RecordCoder(Class<T> type) {
      this.type = type;
    }

    private transient volatile boolean ready;

    private void init() {
      // One coder instance is shared by the runner's threads: publish all four fields together,
      // or a second thread may see the writer set and the encoder still null.
      if (!ready) {
        synchronized (this) {
          if (!ready) {
            writer = ThreadLocal.withInitial(() -> new SpecificDatumWriter<>(type));
            reader = ThreadLocal.withInitial(() -> new SpecificDatumReader<>(type));
            encoder = new ThreadLocal<>();
            decoder = new ThreadLocal<>();
            ready = true;
          }
        }
      }
    }

    @Override
    public void encode(T value, OutputStream out) throws IOException {
      init();
      // Direct (unbuffered) coding: nothing may be read or written beyond this record, since
      // the stream may carry other coders' bytes after it.
      BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, encoder.get());
      encoder.set(enc);
      writer.get().write(value, enc);
      enc.flush();
    }

    @Override
    public T decode(InputStream in) throws IOException {
      init();
      BinaryDecoder dec = DecoderFactory.get().directBinaryDecoder(in, decoder.get());
      decoder.set(dec);
      return reader.get().read(null, dec);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      throw new NonDeterministicException(this, List.of(
          "records are values, never grouping keys; group by an id string instead"));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RecordCoder<?> c && c.type.equals(type);
    }

    @Override
    public int hashCode() {
      return type.hashCode();
    }

    @Override
    public String toString() {
      return "RecordCoder<" + type.getSimpleName() + ">";
    }
  }
}
