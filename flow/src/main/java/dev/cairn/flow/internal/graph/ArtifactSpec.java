package dev.cairn.flow.internal.graph;

import java.lang.reflect.Type;

/** An artifact the flow declares: a field that steps write and later steps read. */
public record ArtifactSpec(String name, Type type) {

    public String typeName() {
        return type.getTypeName().replaceAll("\\b(java\\.(lang|util)|dev\\.cairn\\.flow)\\.(?=[A-Z])", "");
    }
}
