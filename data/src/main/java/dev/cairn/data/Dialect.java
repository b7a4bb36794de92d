package dev.cairn.data;

/** SQL dialect differences the helpers care about (ASOF JOIN syntax, unload statements). */
public enum Dialect {
    /** {@code ASOF JOIN f ON l.k = f.k AND l.t >= f.t} */
    DUCKDB,
    /** {@code ASOF JOIN f MATCH_CONDITION (l.t >= f.t) ON l.k = f.k} */
    SNOWFLAKE
}
