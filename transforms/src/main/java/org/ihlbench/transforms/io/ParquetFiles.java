package org.ihlbench.transforms.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Reads small Parquet tables (a summary, a run's tables) whole into memory from any Beam file
 * system, for the driver: printing a summary, comparing runs over time.
 */
public final class ParquetFiles {
  private ParquetFiles() {}

  /** Every record of every file the pattern matches; empty when it matches none. */
  public static List<GenericRecord> readAll(String pattern) throws IOException {
    List<GenericRecord> out = new ArrayList<>();
    MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK) {
      return out;
    }
    for (MatchResult.Metadata m : match.metadata()) {
      byte[] bytes;
      try (InputStream in = Channels.newInputStream(FileSystems.open(m.resourceId()))) {
        bytes = in.readAllBytes();
      }
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(new BytesInputFile(bytes)).build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          out.add(r);
        }
      }
    }
    return out;
  }

  /** A Parquet input file over bytes already in memory. */
  private static final class BytesInputFile implements InputFile {
    private final byte[] bytes;

    BytesInputFile(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long getLength() {
      return bytes.length;
    }

    @Override
    public SeekableInputStream newStream() {
      Positioned in = new Positioned(bytes);
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() {
          return in.position();
        }

        @Override
        public void seek(long newPos) {
          in.seekTo((int) newPos);
        }
      };
    }
  }

  private static final class Positioned extends ByteArrayInputStream {
    Positioned(byte[] bytes) {
      super(bytes);
    }

    int position() {
      return pos;
    }

    void seekTo(int p) {
      pos = p;
    }
  }
}
