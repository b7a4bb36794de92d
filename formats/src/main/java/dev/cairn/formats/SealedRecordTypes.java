package dev.cairn.formats;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import com.fasterxml.jackson.databind.jsontype.impl.StdTypeResolverBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Values of a sealed interface carry the simple name of their record in {@value #TYPE_PROPERTY}, and are read back
 * as the permitted subtype of that name. The sealed interface lists every class the data may pick, so no data can
 * name a class outside that list: this is not default typing, and no class name is ever stored. An interface
 * with its own {@code @JsonTypeInfo} keeps it.
 */
final class SealedRecordTypes extends JacksonAnnotationIntrospector {
    /** Not a Java identifier, so it never collides with a record component. */
    static final String TYPE_PROPERTY = "@type";

    private static final long serialVersionUID = 1L;

    @Override
    public TypeResolverBuilder<?> findTypeResolver(MapperConfig<?> config, AnnotatedClass ac, JavaType baseType) {
        TypeResolverBuilder<?> annotated = super.findTypeResolver(config, ac, baseType);
        if (annotated != null || !sealedInterface(ac.getRawType())) {
            return annotated;
        }
        return new StdTypeResolverBuilder(JsonTypeInfo.Value.construct(
                JsonTypeInfo.Id.NAME, JsonTypeInfo.As.PROPERTY, TYPE_PROPERTY, null, false, true));
    }

    @Override
    public List<NamedType> findSubtypes(Annotated a) {
        List<NamedType> annotated = super.findSubtypes(a);
        if (annotated != null || !(a instanceof AnnotatedClass) || !sealedInterface(a.getRawType())) {
            return annotated;
        }
        List<NamedType> permitted = new ArrayList<>();
        for (Class<?> subtype : a.getRawType().getPermittedSubclasses()) {
            permitted.add(new NamedType(subtype, subtype.getSimpleName()));
        }
        return permitted;
    }

    @Override
    public String findTypeName(AnnotatedClass ac) {
        String annotated = super.findTypeName(ac);
        if (annotated != null) {
            return annotated;
        }
        for (Class<?> parent : ac.getRawType().getInterfaces()) {
            if (sealedInterface(parent)) {
                return ac.getRawType().getSimpleName();
            }
        }
        return null;
    }

    private static boolean sealedInterface(Class<?> type) {
        return type.isInterface() && type.isSealed();
    }
}
