package dev.cairn.warehouse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Point-in-time correct training sets: each label is joined to the latest feature row whose
 * time is at or before the label's time (ASOF JOIN), so training never sees the future.
 * DuckDB and Snowflake both support ASOF JOIN but spell the inequality differently, hence the
 * {@link Dialect}.
 */
public final class PointInTime {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PointInTime() {}

    /** The sample schema's training set for one country (bound parameter 1: the country). */
    public static String trainingSetSql(Dialect dialect) {
        return asofJoinSql(
                        dialect,
                        "labels",
                        "features",
                        "customer_id",
                        "label_time",
                        "feature_time",
                        List.of("customer_id", "label_time", "churned"),
                        List.of("feature_time", "tenure_months", "monthly_spend", "support_calls"),
                        "l.customer_id IN (SELECT customer_id FROM customers WHERE country = ?)")
                + " ORDER BY l.customer_id, l.label_time";
    }

    /**
     * {@code SELECT l.<labelColumns>, f.<featureColumns> FROM <labels> l ASOF JOIN <features> f ...
     * [WHERE <where>]}; identifiers are validated, {@code where} is trusted SQL that should use
     * {@code ?} for values.
     */
    public static String asofJoinSql(
            Dialect dialect,
            String labels,
            String features,
            String key,
            String labelTime,
            String featureTime,
            List<String> labelColumns,
            List<String> featureColumns,
            String where) {
        for (String id : List.of(labels, features, key, labelTime, featureTime)) {
            ident(id);
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        String sep = "";
        for (String c : labelColumns) {
            sql.append(sep).append("l.").append(ident(c));
            sep = ", ";
        }
        for (String c : featureColumns) {
            sql.append(sep).append("f.").append(ident(c));
            sep = ", ";
        }
        sql.append(" FROM ")
                .append(labels)
                .append(" l ASOF JOIN ")
                .append(features)
                .append(" f ");
        String on = "l." + key + " = f." + key;
        String match = "l." + labelTime + " >= f." + featureTime;
        switch (dialect) {
            case DUCKDB -> sql.append("ON ").append(on).append(" AND ").append(match);
            case SNOWFLAKE ->
                sql.append("MATCH_CONDITION (").append(match).append(") ON ").append(on);
        }
        if (where != null && !where.isBlank()) {
            sql.append(" WHERE ").append(where);
        }
        return sql.toString();
    }

    static String ident(String id) {
        if (id == null || !IDENT.matcher(id).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + id);
        }
        return id;
    }
}
