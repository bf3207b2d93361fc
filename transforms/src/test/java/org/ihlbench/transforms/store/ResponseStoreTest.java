package org.ihlbench.transforms.store;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.io.RandomAccessFile;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.CallResult;
import org.ihlbench.records.ResponseOutcome;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ResponseStoreTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  static CallResult answer(int i) {
    return CallResult.newBuilder().setCallKey("key-" + i).setEndpoint("m")
        .setOutcome(ResponseOutcome.answered).setText("answer " + i).setAttempts(1)
        .setCompletedAt(1000L + i).build();
  }

  @Test
  public void journaledCallsAreReadBackByKey() throws Exception {
    String store = tmp.getRoot().getPath();
    try (JournalWriter w = new JournalWriter(store)) {
      for (int i = 0; i < 5; i++) {
        w.append(answer(i));
      }
    }
    try (JournalWriter w = new JournalWriter(store)) {
      w.append(answer(5));
    }
    PCollection<String> keys = p.apply(ResponseStore.read(store)).apply(Keys.create());
    PAssert.that(keys).containsInAnyOrder("key-0", "key-1", "key-2", "key-3", "key-4", "key-5");
    p.run();
  }

  @Test
  public void aSegmentTornByAKilledWriterKeepsItsCompleteRecords() throws Exception {
    String store = tmp.getRoot().getPath();
    JournalWriter w = new JournalWriter(store);
    for (int i = 0; i < 10; i++) {
      w.append(answer(i));
    }
    // No close(): a SIGKILL leaves the segment as flushed so far. Tear its last record in half.
    File segment = new File(ResponseStore.journalDir(store)).listFiles()[0];
    try (RandomAccessFile f = new RandomAccessFile(segment, "rw")) {
      f.setLength(f.length() - 20);
    }
    PCollection<Long> n = p.apply(ResponseStore.read(store)).apply(Count.globally());
    PAssert.thatSingleton(n).isEqualTo(9L);
    p.run();
    assertEquals(10, w.written());
  }

  /**
   * As on an object store (uploads visible only when closed): a segment open past its time is
   * closed by the writer's owner between answers, so a long quiet spell does not keep paid
   * answers invisible until the next answer or the end of the bundle.
   */
  @Test
  public void anObjectStoreSegmentClosesOnTimeWithoutAnotherAppend() throws Exception {
    String store = tmp.getRoot().getPath();
    JournalWriter w = new JournalWriter(store, 1000, 50, false);
    w.append(answer(1));
    w.append(answer(2));
    w.rotateIfDue();
    assertEquals("not yet due: still open", 0, closedSegments(store));
    Thread.sleep(80);
    w.rotateIfDue();
    assertEquals(1, closedSegments(store));
    PCollection<Long> n = p.apply(ResponseStore.read(store)).apply(Count.globally());
    PAssert.thatSingleton(n).isEqualTo(2L);
    p.run();
    // The next answer opens a new segment.
    w.append(answer(3));
    w.close();
    assertEquals(2, new File(ResponseStore.journalDir(store)).listFiles().length);
  }

  /** Segments whose Avro file is complete (Beam's local channel writes a file out on close). */
  private static int closedSegments(String store) throws Exception {
    File[] files = new File(ResponseStore.journalDir(store)).listFiles();
    int n = 0;
    for (File f : files == null ? new File[0] : files) {
      try (org.apache.avro.file.DataFileReader<CallResult> r = new org.apache.avro.file.DataFileReader<>(
          f, new org.apache.avro.specific.SpecificDatumReader<>(CallResult.class))) {
        n++;
      } catch (java.io.IOException e) {
        // not (yet) a whole Avro file
      }
    }
    return n;
  }

  @Test
  public void anEmptyStoreReadsAsNothing() {
    PCollection<Long> n = p.apply(ResponseStore.read(tmp.getRoot().getPath() + "/absent"))
        .apply(Count.globally());
    PAssert.thatSingleton(n).isEqualTo(0L);
    p.run();
  }
}
