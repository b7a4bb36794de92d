package dev.cairn.warehouse;

import java.util.List;

/** Receives a streamed result one row at a time; rows are not retained by the warehouse. */
@FunctionalInterface
public interface RowConsumer {
    /** Called once, before the first row. */
    default void start(List<Column> columns) throws Exception {}

    /** One row, values in column order. The array is fresh for each call. */
    void row(Object[] values) throws Exception;
}
