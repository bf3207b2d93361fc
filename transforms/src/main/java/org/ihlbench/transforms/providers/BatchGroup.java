package org.ihlbench.transforms.providers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.ihlbench.records.ModelCall;
import org.ihlbench.transforms.store.BatchJournal;
import org.joda.time.Instant;

/**
 * The batched calls of one endpoint while {@link BatchCalls} makes them: the calls still without
 * a result (by call key), and the provider batches that hold them. Not thread-safe: one loop
 * owns it.
 *
 * @param <T> who asked for each call
 */
final class BatchGroup<T> {
  /** A call that has no result yet. */
  static final class Waiting<T> {
    final ModelCall call;
    final Iterable<T> owners;
    /** 1 for the first submission, 2 for the first resubmission, ... */
    int attempt = 1;
    /** The batch it is in now (its tag); null before it is submitted. */
    String tag;
    double reservedUsd;

    Waiting(ModelCall call, Iterable<T> owners) {
      this.call = call;
      this.owners = owners;
    }
  }

  /** A provider batch being waited for. */
  static final class Batch {
    final String tag;
    final String id;
    /** Its requests by custom id. */
    final Map<String, BatchJournal.Request> requests;
    final long createdAtMillis;
    long nextPollNanos;
    Duration interval;
    BatchProtocol.Status last;
    boolean ended;

    Batch(String tag, String id, List<BatchJournal.Request> requests, long createdAtMillis) {
      this.tag = tag;
      this.id = id;
      this.requests = new LinkedHashMap<>();
      requests.forEach(r -> this.requests.put(r.customId(), r));
      this.createdAtMillis = createdAtMillis;
    }
  }

  final String key;
  final Endpoint endpoint;
  final BatchProtocol api;
  final ShardBudget budget;
  final Instant timestamp;
  final BoundedWindow window;
  final Map<String, Waiting<T>> waiting = new LinkedHashMap<>();
  final List<Batch> batches = new ArrayList<>();
  long answered;
  long failed;
  long resubmitted;
  long submitted;

  BatchGroup(String key, Endpoint endpoint, BatchProtocol api, ShardBudget budget,
      Instant timestamp, BoundedWindow window) {
    this.key = key;
    this.endpoint = endpoint;
    this.api = api;
    this.budget = budget;
    this.timestamp = timestamp;
    this.window = window;
  }

  boolean open() {
    return batches.stream().anyMatch(b -> !b.ended);
  }

  /** The calls not in any batch yet. */
  List<Waiting<T>> unsubmitted() {
    return waiting.values().stream().filter(w -> w.tag == null).toList();
  }
}
