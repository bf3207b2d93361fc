package org.ihlbench.transforms;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Transcript;
import org.junit.Test;

public class RecordsTest {
  /**
   * Runners share one coder between threads, and its first use sets it up: many threads using
   * a fresh (deserialized) coder at the same moment must all encode and decode correctly.
   */
  @Test
  public void aFreshCoderIsSafeToShareBetweenThreads() throws Exception {
    Transcript t = TestRecords.transcript("s", ResponseOutcome.answered, "an answer");
    Coder<Transcript> prototype = Records.coder(Transcript.class);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 300; round++) {
        Coder<Transcript> fresh = SerializableUtils.clone(prototype);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Transcript>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          results.add(pool.submit(() -> {
            go.await();
            return CoderUtils.clone(fresh, t);
          }));
        }
        go.countDown();
        for (Future<Transcript> r : results) {
          assertEquals(t, r.get());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
