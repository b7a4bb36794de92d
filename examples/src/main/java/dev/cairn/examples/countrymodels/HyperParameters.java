package dev.cairn.examples.countrymodels;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One setting of the per-country hyperparameter search: a logistic regression trained with Tribuo's
 * AdaGrad optimiser with regularised dual averaging ({@code AdaGradRDA}).
 *
 * @param learningRate  the AdaGrad initial learning rate, &gt; 0
 * @param l1            L1 penalty, &gt;= 0 (scaled by the number of training rows)
 * @param l2            L2 penalty, &gt;= 0 (scaled by the number of training rows)
 * @param epochs        passes over the training split, 1..{@link #MAX_EPOCHS}
 * @param minibatchSize examples per gradient step, &gt;= 1
 */
public record HyperParameters(double learningRate, double l1, double l2, int epochs, int minibatchSize) {

    /** Upper bound on epochs, keeps one training well under a few milliseconds for 600 rows. */
    public static final int MAX_EPOCHS = 20;

    /** A reasonable single setting, for runs without a search. */
    public static final HyperParameters DEFAULT = new HyperParameters(0.2, 0.0, 1.0, 8, 8);

    static final double[] LEARNING_RATES = {0.01, 0.05, 0.2, 1.0};
    static final double[] L1S = {0.0, 0.5};
    static final double[] L2S = {0.0, 1.0, 10.0};
    static final int[] EPOCHS = {2, 8};
    static final int[] MINIBATCH_SIZES = {1, 16};
    private static final long SHUFFLE_SEED = 0x5EEDC0FFEEL;
    private static final long RANDOM_SEARCH_SEED = 0xC0DEFACEL;

    public HyperParameters {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
        if (!(l1 >= 0) || Double.isInfinite(l1)) {
            throw new IllegalArgumentException("l1 must be >= 0, got " + l1);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        }
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("epochs must be in 1.." + MAX_EPOCHS + ", got " + epochs);
        }
        if (minibatchSize < 1) {
            throw new IllegalArgumentException("minibatchSize must be >= 1, got " + minibatchSize);
        }
    }

    /** Size of the full grid ({@code grid(n)} for n up to this is a deterministic shuffle of it). */
    public static int naturalGridSize() {
        return LEARNING_RATES.length * L1S.length * L2S.length * EPOCHS.length * MINIBATCH_SIZES.length;
    }

    /**
     * Returns {@code n} distinct settings, always the same ones for the same {@code n}, and {@code grid(n)} is a
     * prefix of {@code grid(n + 1)}. The first {@link #naturalGridSize()} settings are the full grid in a fixed
     * shuffled order (so a small n still covers the ranges); beyond that a seeded random search adds settings.
     */
    public static List<HyperParameters> grid(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        List<HyperParameters> full = new ArrayList<>(naturalGridSize());
        for (double lr : LEARNING_RATES) {
            for (double l1 : L1S) {
                for (double l2 : L2S) {
                    for (int e : EPOCHS) {
                        for (int mb : MINIBATCH_SIZES) {
                            full.add(new HyperParameters(lr, l1, l2, e, mb));
                        }
                    }
                }
            }
        }
        shuffle(full, new SplittableRandom(SHUFFLE_SEED));

        Set<HyperParameters> settings = new LinkedHashSet<>(full.subList(0, Math.min(n, full.size())));
        SplittableRandom rng = new SplittableRandom(RANDOM_SEARCH_SEED);
        while (settings.size() < n) {
            settings.add(random(rng)); // duplicates of earlier settings are skipped by the set
        }
        return List.copyOf(settings);
    }

    @Override
    public String toString() {
        return "lr=" + learningRate + ",l1=" + l1 + ",l2=" + l2 + ",epochs=" + epochs + ",batch=" + minibatchSize;
    }

    private static HyperParameters random(SplittableRandom rng) {
        double lr = round(Math.exp(rng.nextDouble(Math.log(0.005), Math.log(2.0))));
        double l1 = rng.nextInt(3) == 0 ? 0.0 : round(Math.exp(rng.nextDouble(Math.log(0.01), Math.log(5.0))));
        double l2 = rng.nextInt(3) == 0 ? 0.0 : round(Math.exp(rng.nextDouble(Math.log(0.01), Math.log(30.0))));
        int epochs = 1 + rng.nextInt(12);
        int minibatch = 1 << rng.nextInt(7); // 1..64
        return new HyperParameters(lr, l1, l2, epochs, minibatch);
    }

    /** Rounds to 3 significant digits so the settings stay readable. */
    private static double round(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue();
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
