package dev.cairn.warehouse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class PointInTimeTest {
    @Test
    void asofSqlPerDialect() {
        String duck = PointInTime.trainingSetSql(Dialect.DUCKDB);
        assertTrue(
                duck.contains(
                        "FROM labels l ASOF JOIN features f ON l.customer_id = f.customer_id AND l.label_time >= f.feature_time"),
                duck);
        String snow = PointInTime.trainingSetSql(Dialect.SNOWFLAKE);
        assertTrue(
                snow.contains(
                        "FROM labels l ASOF JOIN features f MATCH_CONDITION (l.label_time >= f.feature_time) ON l.customer_id = f.customer_id"),
                snow);
        assertThrows(
                IllegalArgumentException.class,
                () -> PointInTime.asofJoinSql(
                        Dialect.DUCKDB, "labels; DROP", "f", "k", "t", "t", List.of("k"), List.of("x"), null));
    }
}
