package dev.cairn.examples.countrymodels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic churn data for one country, already split into a training and a validation part.
 * <p>
 * Every row has the features named in {@link #FEATURE_NAMES} (in that order) and a label: {@link #CHURN_ID}
 * (1, "churn") or {@link #STAY_ID} (0, "stay"). The labels come from a logistic model whose weights, intercept,
 * signal strength, interaction term and label noise all depend on the country code mixed into the seed, so
 * countries differ in churn rate and separability (and therefore in their best hyperparameters).
 * <p>
 * The record holds only strings, longs and arrays of primitives so it can be written and read as a JSON
 * artifact with Jackson. Arrays are copied on construction; the accessors return the record's own arrays,
 * which callers must not modify.
 *
 * @param country            the country code the data was generated for
 * @param seed               the seed the data was generated with
 * @param featureNames       the feature names, the column order of the feature arrays
 * @param trainFeatures      training rows, one {@code double[]} of {@code featureNames.size()} values per row
 * @param trainLabels        training labels, {@link #CHURN_ID} or {@link #STAY_ID}
 * @param validationFeatures validation rows
 * @param validationLabels   validation labels
 */
public record CountryDataset(
        String country,
        long seed,
        List<String> featureNames,
        double[][] trainFeatures,
        int[] trainLabels,
        double[][] validationFeatures,
        int[] validationLabels) {

    /** Feature names, in column order. */
    public static final List<String> FEATURE_NAMES =
            List.of("tenure_months", "monthly_spend", "support_calls", "discount", "age");
    /** Label name of the positive class. */
    public static final String CHURN = "churn";
    /** Label name of the negative class. */
    public static final String STAY = "stay";
    /** Integer label of the positive class. */
    public static final int CHURN_ID = 1;
    /** Integer label of the negative class. */
    public static final int STAY_ID = 0;
    /** Fraction of the rows that go to the training split (the first rows; rows are i.i.d.). */
    public static final double TRAIN_FRACTION = 0.75;
    /** Smallest accepted number of rows. */
    public static final int MIN_ROWS = 8;

    public CountryDataset {
        Objects.requireNonNull(country, "country");
        featureNames = List.copyOf(featureNames);
        trainFeatures = copyRows(trainFeatures, featureNames.size(), "trainFeatures");
        validationFeatures = copyRows(validationFeatures, featureNames.size(), "validationFeatures");
        trainLabels = checkLabels(trainLabels, trainFeatures.length, "trainLabels");
        validationLabels = checkLabels(validationLabels, validationFeatures.length, "validationLabels");
    }

    /**
     * Generates the data of one country. The same arguments always give equal data.
     *
     * @param country the country code, e.g. "DE" (any non-empty string is accepted)
     * @param rows    total number of rows (at least {@link #MIN_ROWS}), split 75/25 into training and validation
     * @param seed    the base seed; the country code is mixed into it
     */
    public static CountryDataset generate(String country, int rows, long seed) {
        Objects.requireNonNull(country, "country");
        if (country.isEmpty()) {
            throw new IllegalArgumentException("country must not be empty");
        }
        if (rows < MIN_ROWS) {
            throw new IllegalArgumentException("rows must be at least " + MIN_ROWS + ", got " + rows);
        }
        SplittableRandom countryRng = new SplittableRandom(mix(seed, country));
        Profile profile = Profile.draw(countryRng);
        SplittableRandom rowRng = countryRng.split();

        double[][] x = new double[rows][];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = profile.features(rowRng);
            y[i] = profile.label(x[i], rowRng);
        }
        int trainRows = (int) Math.round(rows * TRAIN_FRACTION);
        return new CountryDataset(
                country,
                seed,
                FEATURE_NAMES,
                Arrays.copyOfRange(x, 0, trainRows),
                Arrays.copyOfRange(y, 0, trainRows),
                Arrays.copyOfRange(x, trainRows, rows),
                Arrays.copyOfRange(y, trainRows, rows));
    }

    /**
     * Returns {@code n} distinct, deterministic country codes: the 249 ISO 3166-1 alpha-2 codes first (a few
     * large markets, then the rest alphabetically), then synthetic codes "X0001", "X0002", ...
     */
    public static List<String> countryCodes(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        List<String> codes = new ArrayList<>(n);
        for (int i = 0; i < n && i < IsoCodes.ORDERED.size(); i++) {
            codes.add(IsoCodes.ORDERED.get(i));
        }
        for (int i = 1; codes.size() < n; i++) {
            codes.add(String.format("X%04d", i));
        }
        return codes;
    }

    /** Number of features per row. */
    public int featureCount() {
        return featureNames.size();
    }

    /** Number of training rows. */
    public int trainSize() {
        return trainLabels.length;
    }

    /** Number of validation rows. */
    public int validationSize() {
        return validationLabels.length;
    }

    /** Accuracy on the validation split of always predicting the training split's majority class. */
    public double validationMajorityRate() {
        int trainChurn = count(trainLabels, CHURN_ID);
        int majority = trainChurn * 2 > trainLabels.length ? CHURN_ID : STAY_ID;
        return validationLabels.length == 0
                ? 0.0
                : (double) count(validationLabels, majority) / validationLabels.length;
    }

    /** The label name ("churn" / "stay") of an integer label. */
    public static String labelName(int label) {
        return switch (label) {
            case CHURN_ID -> CHURN;
            case STAY_ID -> STAY;
            default -> throw new IllegalArgumentException("unknown label " + label);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountryDataset d
                && seed == d.seed
                && country.equals(d.country)
                && featureNames.equals(d.featureNames)
                && Arrays.deepEquals(trainFeatures, d.trainFeatures)
                && Arrays.equals(trainLabels, d.trainLabels)
                && Arrays.deepEquals(validationFeatures, d.validationFeatures)
                && Arrays.equals(validationLabels, d.validationLabels);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(country, seed, featureNames);
        h = 31 * h + Arrays.deepHashCode(trainFeatures);
        h = 31 * h + Arrays.hashCode(trainLabels);
        h = 31 * h + Arrays.deepHashCode(validationFeatures);
        return 31 * h + Arrays.hashCode(validationLabels);
    }

    @Override
    public String toString() {
        return "CountryDataset[country=" + country + ", seed=" + seed + ", features=" + featureNames
                + ", train=" + trainSize() + " (churn " + count(trainLabels, CHURN_ID) + ")"
                + ", validation=" + validationSize() + " (churn " + count(validationLabels, CHURN_ID) + ")]";
    }

    // ------------------------------------------------------------------------------------------------------

    private static int count(int[] labels, int label) {
        int c = 0;
        for (int l : labels) {
            if (l == label) {
                c++;
            }
        }
        return c;
    }

    private static double[][] copyRows(double[][] rows, int width, String what) {
        Objects.requireNonNull(rows, what);
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != width) {
                throw new IllegalArgumentException(what + "[" + i + "] must have " + width + " values");
            }
            copy[i] = rows[i].clone();
        }
        return copy;
    }

    private static int[] checkLabels(int[] labels, int rows, String what) {
        Objects.requireNonNull(labels, what);
        if (labels.length != rows) {
            throw new IllegalArgumentException(what + " has " + labels.length + " labels for " + rows + " rows");
        }
        for (int l : labels) {
            if (l != CHURN_ID && l != STAY_ID) {
                throw new IllegalArgumentException(what + " contains unknown label " + l);
            }
        }
        return labels.clone();
    }

    /** Mixes the country code into the seed (String.hashCode is specified, so this is stable across JVMs). */
    private static long mix(long seed, String country) {
        long z = seed ^ (0x9E3779B97F4A7C15L * (country.hashCode() + 0x632BE59BD9B4E019L));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller spelled out, so the data does not depend on the JDK's nextGaussian implementation.
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static int poisson(SplittableRandom rng, double lambda) {
        double l = Math.exp(-lambda);
        double p = 1.0;
        int k = 0;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** The country-specific data-generating process. */
    private record Profile(
            double meanTenure,
            double meanSpend,
            double callRate,
            double discountShare,
            double meanAge,
            double intercept,
            double wTenure,
            double wSpend,
            double wCalls,
            double wDiscount,
            double wAge,
            double wInteraction,
            double signal,
            double flipRate) {

        static Profile draw(SplittableRandom r) {
            return new Profile(
                    uniform(r, 18, 40), // mean tenure in months
                    uniform(r, 25, 90), // mean monthly spend
                    uniform(r, 0.5, 3.0), // support calls per customer
                    uniform(r, 0.1, 0.7), // share of customers with a discount
                    uniform(r, 32, 50), // mean age
                    uniform(r, -1.6, -0.2), // intercept (sets the churn rate)
                    -uniform(r, 0.4, 1.6), // longer tenure -> less churn
                    uniform(r, -0.4, 0.9), // spend: country dependent sign
                    uniform(r, 0.3, 1.5), // more support calls -> more churn
                    -uniform(r, 0.0, 1.0), // discounts keep customers
                    uniform(r, -0.6, 0.6), // age: country dependent sign
                    uniform(r, 0.0, 0.9), // calls x short tenure interaction (not linear-separable)
                    uniform(r, 0.8, 2.4), // signal strength (separability)
                    uniform(r, 0.0, 0.10)); // label noise: probability of flipping the label
        }

        double[] features(SplittableRandom r) {
            double tenure = Math.max(1, Math.min(72, Math.round(-meanTenure * Math.log(1.0 - r.nextDouble()))));
            double spend = Math.max(5, Math.round((meanSpend + 0.35 * meanSpend * gaussian(r)) * 100) / 100.0);
            double calls = poisson(r, callRate);
            double discount = r.nextDouble() < discountShare ? Math.round(uniform(r, 0.05, 0.30) * 100) / 100.0 : 0.0;
            double age = Math.max(18, Math.min(85, Math.round(meanAge + 12 * gaussian(r))));
            return new double[] {tenure, spend, calls, discount, age};
        }

        int label(double[] f, SplittableRandom r) {
            // standardised with fixed population constants, so the weights are comparable
            double zTenure = (f[0] - 30) / 20;
            double zSpend = (f[1] - 55) / 25;
            double zCalls = (f[2] - 1.7) / 1.3;
            double zDiscount = (f[3] - 0.08) / 0.1;
            double zAge = (f[4] - 42) / 13;
            double logit = intercept
                    + signal
                            * (wTenure * zTenure
                                    + wSpend * zSpend
                                    + wCalls * zCalls
                                    + wDiscount * zDiscount
                                    + wAge * zAge
                                    + wInteraction * zCalls * Math.max(0, -zTenure));
            int label = r.nextDouble() < 1.0 / (1.0 + Math.exp(-logit)) ? CHURN_ID : STAY_ID;
            if (r.nextDouble() < flipRate) {
                label = 1 - label;
            }
            return label;
        }
    }

    /** ISO 3166-1 alpha-2 codes (all 249 officially assigned), a few large markets first. */
    private static final class IsoCodes {
        private static final String FIRST =
                "US GB DE FR JP CN IN BR CA IT ES AU KR MX NL SE CH PL BE NO DK FI IE AT PT NZ SG ZA AR TR";
        private static final String ALL =
                "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS "
                        + "BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE "
                        + "EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM "
                        + "HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC "
                        + "LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
                        + "NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
                        + "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO "
                        + "TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";
        static final List<String> ORDERED;

        static {
            Set<String> ordered = new LinkedHashSet<>(Arrays.asList(FIRST.split(" ")));
            ordered.addAll(Arrays.asList(ALL.split(" ")));
            ORDERED = List.copyOf(ordered);
        }
    }
}
