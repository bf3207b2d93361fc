package org.ihlbench.transforms;

import java.io.Serializable;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * A combine whose running total is its result: one class for the run's per-key totals (spend
 * per model, call estimates per endpoint, activity per judge) instead of a CombineFn each.
 *
 * @param <I> what is added
 * @param <A> the total
 */
public final class Totals<I, A> extends Combine.CombineFn<I, A, A> {
  private static final long serialVersionUID = 1L;

  /** A new, empty total. */
  @FunctionalInterface
  public interface Start<A> extends Serializable {
    A get();
  }

  /** Adds {@code in} to {@code total}, which it may change, and returns the total. */
  @FunctionalInterface
  public interface Add<A, I> extends Serializable {
    A add(A total, I in);
  }

  private final Start<A> start;
  private final Add<A, I> add;
  private final Add<A, A> merge;
  private final Coder<A> coder;

  private Totals(Start<A> start, Add<A, I> add, Add<A, A> merge, Coder<A> coder) {
    this.start = start;
    this.add = add;
    this.merge = merge;
    this.coder = coder;
  }

  public static <I, A> Totals<I, A> of(Start<A> start, Add<A, I> add, Add<A, A> merge,
      Coder<A> coder) {
    return new Totals<>(start, add, merge, coder);
  }

  /**
   * Records of one class added field by field: every number summed; a text (the key the records
   * are totalled by) taken from the first record that has one.
   */
  public static <T extends SpecificRecord> Totals<T, T> ofRecords(Class<T> type) {
    Add<T, T> sum = Totals::addFields;
    return new Totals<>(() -> empty(type), sum, sum, Records.coder(type));
  }

  @Override
  public A createAccumulator() {
    return start.get();
  }

  @Override
  public A addInput(A total, I in) {
    return add.add(total, in);
  }

  @Override
  public A mergeAccumulators(Iterable<A> totals) {
    A out = start.get();
    for (A t : totals) {
      out = merge.add(out, t);
    }
    return out;
  }

  @Override
  public A extractOutput(A total) {
    return total;
  }

  @Override
  public Coder<A> getAccumulatorCoder(CoderRegistry r, Coder<I> in) {
    return coder;
  }

  @Override
  public Coder<A> getDefaultOutputCoder(CoderRegistry r, Coder<I> in) {
    return coder;
  }

  /** A record with every number 0 and every text empty. */
  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> T empty(Class<T> type) {
    T r = (T) SpecificData.newInstance(type, SpecificData.get().getSchema(type));
    for (Schema.Field f : r.getSchema().getFields()) {
      switch (f.schema().getType()) {
        case LONG -> r.put(f.pos(), 0L);
        case INT -> r.put(f.pos(), 0);
        case DOUBLE -> r.put(f.pos(), 0.0);
        case STRING -> r.put(f.pos(), "");
        default -> throw new IllegalArgumentException(type.getSimpleName() + "." + f.name()
            + ": only numbers and texts add up");
      }
    }
    return r;
  }

  private static <T extends SpecificRecord> T addFields(T total, T in) {
    for (Schema.Field f : total.getSchema().getFields()) {
      int i = f.pos();
      switch (f.schema().getType()) {
        case LONG -> total.put(i, (Long) total.get(i) + (Long) in.get(i));
        case INT -> total.put(i, (Integer) total.get(i) + (Integer) in.get(i));
        case DOUBLE -> total.put(i, (Double) total.get(i) + (Double) in.get(i));
        default -> {
          if (total.get(i).toString().isEmpty()) {
            total.put(i, in.get(i));
          }
        }
      }
    }
    return total;
  }
}
