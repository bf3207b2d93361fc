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

  @Test
  public void anEmptyStoreReadsAsNothing() {
    PCollection<Long> n = p.apply(ResponseStore.read(tmp.getRoot().getPath() + "/absent"))
        .apply(Count.globally());
    PAssert.thatSingleton(n).isEqualTo(0L);
    p.run();
  }
}
