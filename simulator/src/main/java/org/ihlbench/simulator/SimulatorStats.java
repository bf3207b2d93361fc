package org.ihlbench.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulator has served, for tests and benchmarks. */
public final class SimulatorStats {
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> answeredByModel = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> answeredByProtocol = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> faults = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> answersByFingerprint = new ConcurrentHashMap<>();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong batchRequests = new AtomicLong();
  private final Map<String, AtomicLong> batchRequestsByProtocol = new ConcurrentHashMap<>();
  private volatile long firstAnswerNanos;
  private volatile long lastAnswerNanos;

  void request() {
    requests.incrementAndGet();
  }

  void status(int status) {
    byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
  }

  void fault(String kind) {
    faults.computeIfAbsent(kind, s -> new AtomicLong()).incrementAndGet();
  }

  void answered(String model, String fingerprint, String protocol) {
    answered(model, fingerprint);
    answeredByProtocol.computeIfAbsent(protocol, m -> new AtomicLong()).incrementAndGet();
  }

  void answered(String model, String fingerprint) {
    long now = System.nanoTime();
    synchronized (this) {
      if (answered.get() == 0) {
        firstAnswerNanos = now;
      }
      lastAnswerNanos = now;
      answered.incrementAndGet();
    }
    answeredByModel.computeIfAbsent(model, m -> new AtomicLong()).incrementAndGet();
    answersByFingerprint.computeIfAbsent(fingerprint, m -> new AtomicLong()).incrementAndGet();
  }

  /** A batch was accepted with {@code requests} requests in {@code protocol}'s batch API. */
  void batchSubmitted(String protocol, int requests) {
    batches.incrementAndGet();
    batchRequests.addAndGet(requests);
    batchRequestsByProtocol.computeIfAbsent(protocol, p -> new AtomicLong()).addAndGet(requests);
  }

  /** Batches accepted (submitted, whatever became of them). */
  public long batches() {
    return batches.get();
  }

  /** Requests submitted in accepted batches: what a client that never resubmits pays for once. */
  public long batchRequests() {
    return batchRequests.get();
  }

  public long batchRequests(String protocol) {
    AtomicLong v = batchRequestsByProtocol.get(protocol);
    return v == null ? 0 : v.get();
  }

  /** Every request received, whatever its outcome. */
  public long requests() {
    return requests.get();
  }

  /** Requests answered with a model answer (HTTP 200 with a well-formed body): the paid calls. */
  public long answered() {
    return answered.get();
  }

  public long answered(String model) {
    AtomicLong v = answeredByModel.get(model);
    return v == null ? 0 : v.get();
  }

  /** Answers given in one wire protocol (openai, anthropic, gemini). */
  public long answeredInProtocol(String protocol) {
    AtomicLong v = answeredByProtocol.get(protocol);
    return v == null ? 0 : v.get();
  }

  public long withStatus(int status) {
    AtomicLong v = byStatus.get(status);
    return v == null ? 0 : v.get();
  }

  public long faults(String kind) {
    AtomicLong v = faults.get(kind);
    return v == null ? 0 : v.get();
  }

  /** Distinct requests (model, messages, seed) that were answered at least once. */
  public long distinctAnswered() {
    return answersByFingerprint.size();
  }

  /** Answered requests per second between the first and the last answer. */
  public double answerRatePerSecond() {
    long n = answered.get();
    long span = lastAnswerNanos - firstAnswerNanos;
    return n < 2 || span <= 0 ? 0 : (n - 1) / (span / 1e9);
  }

  public Map<String, Object> snapshot() {
    Map<String, Object> m = new TreeMap<>();
    m.put("requests", requests());
    m.put("answered", answered());
    m.put("distinct_answered", distinctAnswered());
    m.put("answer_rate_per_second", answerRatePerSecond());
    Map<String, Long> statuses = new TreeMap<>();
    byStatus.forEach((k, v) -> statuses.put(String.valueOf(k), v.get()));
    m.put("by_status", statuses);
    Map<String, Long> models = new TreeMap<>();
    answeredByModel.forEach((k, v) -> models.put(k, v.get()));
    m.put("answered_by_model", models);
    Map<String, Long> protocols = new TreeMap<>();
    answeredByProtocol.forEach((k, v) -> protocols.put(k, v.get()));
    m.put("answered_by_protocol", protocols);
    Map<String, Long> f = new TreeMap<>();
    faults.forEach((k, v) -> f.put(k, v.get()));
    m.put("faults", f);
    m.put("batches", batches());
    m.put("batch_requests", batchRequests());
    return m;
  }

  public synchronized void reset() {
    requests.set(0);
    answered.set(0);
    byStatus.clear();
    answeredByModel.clear();
    answeredByProtocol.clear();
    faults.clear();
    answersByFingerprint.clear();
    batches.set(0);
    batchRequests.set(0);
    batchRequestsByProtocol.clear();
  }
}
