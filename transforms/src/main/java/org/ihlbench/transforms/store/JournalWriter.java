package org.ihlbench.transforms.store;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.ihlbench.records.CallResult;

/**
 * Appends completed calls to a journal segment of the response store while a run goes, so a
 * killed run keeps what it paid for. On a local disk every record is flushed as it is written
 * (a SIGKILL loses nothing written); on object stores, whose uploads become visible only when
 * closed, segments are rotated every {@code rotateEvery} records or {@code rotateMillis}.
 */
public final class JournalWriter implements AutoCloseable {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String storeRoot;
  private final boolean local;
  private final int rotateEvery;
  private final long rotateMillis;
  private DataFileWriter<CallResult> writer;
  private int inSegment;
  private long openedAt;
  private long written;

  public JournalWriter(String storeRoot) {
    this(storeRoot, 1000, 30_000);
  }

  JournalWriter(String storeRoot, int rotateEvery, long rotateMillis) {
    this(storeRoot, rotateEvery, rotateMillis, ResponseStore.isLocal(storeRoot));
  }

  /** {@code local} false writes as to an object store (tests do so on a local path). */
  JournalWriter(String storeRoot, int rotateEvery, long rotateMillis, boolean local) {
    this.storeRoot = storeRoot;
    this.local = local;
    this.rotateEvery = rotateEvery;
    this.rotateMillis = rotateMillis;
  }

  public void append(CallResult result) throws IOException {
    if (writer != null && !local && inSegment >= rotateEvery) {
      closeSegment();
    }
    rotateIfDue();
    if (writer == null) {
      openSegment();
    }
    writer.append(result);
    inSegment++;
    written++;
    if (local) {
      writer.flush();
    }
  }

  /**
   * Closes an object-store segment that has been open {@code rotateMillis}, so what it holds
   * becomes visible; the next append opens another. Callers with long quiet spells call this
   * between appends.
   */
  public void rotateIfDue() throws IOException {
    if (writer != null && !local && System.currentTimeMillis() - openedAt >= rotateMillis) {
      closeSegment();
    }
  }

  public long written() {
    return written;
  }

  private void openSegment() throws IOException {
    String name = STAMP.format(Instant.now()) + "-" + UUID.randomUUID() + ".avro";
    OutputStream out;
    if (local) {
      // Straight to the file: Beam's local file system buffers inside its channel, where a
      // flush cannot reach, so a killed run would lose what it had "flushed".
      Path dir = Path.of(ResponseStore.journalDir(storeRoot).replaceFirst("^file://", ""));
      Files.createDirectories(dir);
      out = new FileOutputStream(dir.resolve(name).toFile());
    } else {
      ResourceId file = FileSystems.matchNewResource(ResponseStore.journalDir(storeRoot), true)
          .resolve(name, StandardResolveOptions.RESOLVE_FILE);
      out = Channels.newOutputStream(FileSystems.create(file, MimeTypes.BINARY));
    }
    writer = new DataFileWriter<>(new SpecificDatumWriter<>(CallResult.class));
    writer.setCodec(CodecFactory.deflateCodec(3));
    writer.create(CallResult.getClassSchema(), out);
    inSegment = 0;
    openedAt = System.currentTimeMillis();
  }

  private void closeSegment() throws IOException {
    if (writer != null) {
      writer.close();
      writer = null;
    }
  }

  @Override
  public void close() throws IOException {
    closeSegment();
  }
}
