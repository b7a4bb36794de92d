package dev.cairn.warehouse;

import java.util.Objects;

/** One result column: its name and the warehouse's SQL type name (e.g. BIGINT, VARCHAR, TIMESTAMP). */
public record Column(String name, String type) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
