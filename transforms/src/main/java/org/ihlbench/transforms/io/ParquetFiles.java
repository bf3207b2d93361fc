package org.ihlbench.transforms.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Reads and writes small Parquet tables (a summary, a run's tables, a trend) whole in memory on
 * any Beam file system, for the driver: printing a summary, comparing runs over time.
 */
public final class ParquetFiles {
  private ParquetFiles() {}

  /**
   * Every record of every file the pattern matches, as written (its columns, by name); empty
   * when it matches none. {@link RunDirectory} reads a run's tables into their record classes.
   */
  public static List<GenericRecord> readAll(String pattern) throws IOException {
    List<GenericRecord> out = new ArrayList<>();
    MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK) {
      return out;
    }
    for (MatchResult.Metadata m : match.metadata()) {
      out.addAll(read(m.resourceId()));
    }
    return out;
  }

  /** Every record of one file, as written (its columns, by name). */
  public static List<GenericRecord> read(ResourceId file) throws IOException {
    List<GenericRecord> out = new ArrayList<>();
    byte[] bytes;
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      bytes = in.readAllBytes();
    }
    // Generic records by the file's own schema: with the default (specific) model, a table
    // written before a column was added would be read into today's class by position.
    try (ParquetReader<GenericRecord> reader = AvroParquetReader
        .<GenericRecord>builder(new BytesInputFile(bytes)).withDataModel(GenericData.get())
        .build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The rows a file holds, from its footer: only the footer is read when the file system can
   * seek (local files and gs:// can), so counting a large table costs little.
   */
  public static long rowCount(MatchResult.Metadata file) throws IOException {
    InputFile input;
    ReadableByteChannel channel = FileSystems.open(file.resourceId());
    try {
      if (channel instanceof SeekableByteChannel seekable) {
        input = new ChannelInputFile(seekable, file.sizeBytes());
      } else {
        try (InputStream in = Channels.newInputStream(channel)) {
          input = new BytesInputFile(in.readAllBytes());
        }
      }
      try (ParquetFileReader reader = ParquetFileReader.open(input)) {
        return reader.getRecordCount();
      }
    } finally {
      channel.close();
    }
  }

  /** Writes {@code records} as one Parquet file at {@code path} (replacing it). */
  public static <T extends GenericRecord> void write(String path, Schema schema, List<T> records)
      throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ParquetWriter<T> writer = AvroParquetWriter.<T>builder(new BytesOutputFile(buffer))
        .withSchema(schema)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build()) {
      for (T r : records) {
        writer.write(r);
      }
    }
    ResourceId file = FileSystems.matchNewResource(path, false);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(file, MimeTypes.BINARY))) {
      buffer.writeTo(out);
    }
  }

  /** A Parquet output file that collects the bytes in memory. */
  private static final class BytesOutputFile implements OutputFile {
    private final ByteArrayOutputStream buffer;

    BytesOutputFile(ByteArrayOutputStream buffer) {
      this.buffer = buffer;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        @Override
        public long getPos() {
          return buffer.size();
        }

        @Override
        public void write(int b) {
          buffer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          buffer.write(b, off, len);
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      buffer.reset();
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }

  /** A Parquet input file over a channel that can seek: only what is read is fetched. */
  private static final class ChannelInputFile implements InputFile {
    private final SeekableByteChannel channel;
    private final long length;

    ChannelInputFile(SeekableByteChannel channel, long length) {
      this.channel = channel;
      this.length = length;
    }

    @Override
    public long getLength() {
      return length;
    }

    @Override
    public SeekableInputStream newStream() {
      return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
        @Override
        public long getPos() throws IOException {
          return channel.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
          channel.position(newPos);
        }

        @Override
        public void close() {
          // The channel is closed by whoever opened it.
        }
      };
    }
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
