package org.ihlbench.transforms.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.CallResult;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.io.Folder;

/**
 * The response store: completed calls, content-addressed by call key, kept as Avro journal
 * segments under {@code <store>/journal/}. Any Beam file system path works (local or gs://).
 *
 * <p>Reading is tolerant of the tail a killed writer leaves: records up to the last complete
 * block are used, the torn remainder is skipped and counted.
 */
public final class ResponseStore {
  private ResponseStore() {}

  public static String journalDir(String storeRoot) {
    return trimSlash(storeRoot) + "/journal/";
  }

  /** The journal's segments, by name. */
  static final String SEGMENTS = "*.avro";

  static boolean isLocal(String path) {
    return Folder.isLocal(path);
  }

  private static String trimSlash(String s) {
    return Folder.at(s).path();
  }

  /** Every stored call, keyed by call key. Duplicates (rare: concurrent runs) are all emitted. */
  public static Read read(String storeRoot) {
    return new Read(storeRoot);
  }

  public static final class Read extends PTransform<PBegin, PCollection<KV<String, CallResult>>> {
    private final String storeRoot;

    Read(String storeRoot) {
      this.storeRoot = storeRoot;
    }

    @Override
    public PCollection<KV<String, CallResult>> expand(PBegin begin) {
      // Listed at run time (not at construction), so a restarted job sees what the failed
      // attempt journaled; the store's path is taken literally, never as a pattern.
      return begin
          .apply("ListSegments", Folder.list(journalDir(storeRoot), SEGMENTS))
          .apply("Open", FileIO.readMatches())
          .apply("ReadSegments", ParDo.of(new ReadSegment()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(CallResult.class)));
    }
  }

  static final class ReadSegment extends DoFn<FileIO.ReadableFile, KV<String, CallResult>> {
    private final Counter records = Metrics.counter(ResponseStore.class, "stored_calls_read");
    private final Counter torn = Metrics.counter(ResponseStore.class, "torn_segments");

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<KV<String, CallResult>> out)
        throws IOException {
      try (InputStream in = Channels.newInputStream(file.open())) {
        DataFileStream<CallResult> stream;
        try {
          stream = new DataFileStream<>(in, new SpecificDatumReader<>(CallResult.class));
        } catch (IOException e) {
          // A segment killed before its header was complete holds nothing usable.
          torn.inc();
          return;
        }
        try {
          while (stream.hasNext()) {
            CallResult r = stream.next();
            records.inc();
            out.output(KV.of(r.getCallKey(), r));
          }
        } catch (AvroRuntimeException e) {
          // The torn tail of a segment whose writer was killed mid-block.
          torn.inc();
        }
      }
    }
  }
}
