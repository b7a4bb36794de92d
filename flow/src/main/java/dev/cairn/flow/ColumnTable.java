package dev.cairn.flow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a record as a table whose components are its columns, all of one length: {@code double[]},
 * {@code float[]}, {@code long[]}, {@code int[]}, or lists of {@code Double}, {@code Float}, {@code Long},
 * {@code Integer}, {@code Boolean} or {@code String}. An artifact of such a record is stored as one Arrow table
 * (pyarrow, polars and DuckDB read it), and a reader can take one column or a range of rows without decoding the rest.
 *
 * <pre>{@code
 * @ColumnTable
 * record Features(long[] customer, double[] spend, double[] tenure) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ColumnTable {}
