package dev.cairn.experiments;

/** What kind of outcome an experiment measures, which decides its test and how missing outcomes count. */
public enum Metric {
    /**
     * Every value is 0 or 1 (converted or not): a unit without an outcome did not convert and counts as 0; the rate's
     * interval is Wilson's score interval; variants are compared with a two-proportion z-test.
     */
    CONVERSION,
    /**
     * Any number (revenue, time spent): a unit without an outcome is left out (and counted); the mean's interval is
     * Student's t; variants are compared with Welch's t-test.
     */
    CONTINUOUS
}
