package dev.cairn.flow.internal.graph;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Whether the datastore can store an artifact's declared type and read it back as it was, decided from the type
 * alone so that a flow that could not is refused before any step does its work.
 *
 * <p>Plain data is what the built-in codecs read back unchanged: strings, numbers, booleans, enums, {@code java.time}
 * values, {@code Optional}, records of those, lists, sets, maps with string, enum or number keys, arrays, and sealed
 * interfaces whose permitted subtypes are records (stored with the record's simple name, which only picks one of
 * that closed list). {@code Object} inside a list or map means untyped JSON (lists, maps, strings, numbers).
 *
 * <p>Refused: a field declared {@code Object} (what it holds would come back as a Map or a List), an interface or
 * abstract class that is not sealed (nothing says which class to read back), a sealed one that permits a class
 * that is not a record, map keys JSON cannot keep, and anything else nested inside plain data. A field of another
 * concrete class is left to a registered {@code ArtifactCodec}, which the datastore checks when it writes the
 * value.
 */
final class ArtifactTypes {
    private static final Set<Class<?>> SCALARS = Set.of(
            String.class,
            Boolean.class,
            Character.class,
            Byte.class,
            Short.class,
            Integer.class,
            Long.class,
            Float.class,
            Double.class,
            BigInteger.class,
            BigDecimal.class,
            OptionalInt.class,
            OptionalLong.class,
            OptionalDouble.class);
    /** The java.time types the artifact JSON writes as ISO-8601 text and reads back equal. */
    private static final Set<Class<?>> TIME = Set.of(
            Instant.class,
            LocalDate.class,
            LocalTime.class,
            LocalDateTime.class,
            OffsetDateTime.class,
            OffsetTime.class,
            ZonedDateTime.class,
            Duration.class,
            Period.class,
            Year.class,
            YearMonth.class,
            MonthDay.class,
            ZoneId.class,
            ZoneOffset.class);

    private static final Set<Class<?>> MAP_KEYS = Set.of(
            String.class,
            Byte.class,
            Short.class,
            Integer.class,
            Long.class,
            Float.class,
            Double.class,
            BigInteger.class,
            BigDecimal.class);
    /** What a read-only copy of a decoded list, set or map still is. */
    private static final Set<Class<?>> READ_ONLY_FITS = Set.of(List.class, Set.class, Collection.class, Map.class);

    /** Where a type sits, for messages and for the rules that depend on it. */
    private enum Place {
        /** the field itself */
        FIELD,
        /** inside a list, set or map that is read back as a read-only copy, whose elements are copied too */
        IN_READ_ONLY_COPY,
        /** anywhere else inside plain data: records, arrays, Optional, collections kept as decoded */
        INSIDE
    }

    private final ArtifactSpec artifact;
    private final List<String> problems = new ArrayList<>();
    private final Set<Class<?>> visiting = new HashSet<>();

    private ArtifactTypes(ArtifactSpec artifact) {
        this.artifact = artifact;
    }

    /** The problems of one artifact's declared type; empty when it round-trips. */
    static List<String> problems(ArtifactSpec artifact) {
        ArtifactTypes check = new ArtifactTypes(artifact);
        check.check(artifact.type(), Map.of(), Place.FIELD, "the field");
        return check.problems;
    }

    private void check(Type declared, Map<TypeVariable<?>, Type> bindings, Place place, String where) {
        Type type = resolve(declared, bindings);
        Class<?> raw = raw(type);
        if (raw.isPrimitive() || SCALARS.contains(raw) || raw.isEnum() || TIME.contains(raw)) {
            return;
        }
        if (raw == Object.class) {
            if (place == Place.FIELD) {
                refuse(
                        where,
                        type,
                        "what it holds is read back as plain JSON (a record as a Map, a set as a List)",
                        "declare the type it holds: a record, List<...>, Map<String, ...> or another plain type");
            }
            return; // inside a list or map: untyped JSON, whose values the codec checks when it writes them
        }
        if (raw == Optional.class) {
            check(argument(type, 0), bindings, Place.INSIDE, "the value of " + describe(type));
            return;
        }
        if (raw.isArray()) {
            check(componentType(type), bindings, Place.INSIDE, "an element of " + describe(type));
            return;
        }
        if (Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
            container(type, raw, bindings, place, where);
            return;
        }
        if (raw.isRecord()) {
            record(type, raw, bindings);
            return;
        }
        if (raw.isSealed() && raw.isInterface()) {
            sealed(raw, where, type);
            return;
        }
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            refuse(
                    where,
                    type,
                    "an " + (raw.isInterface() ? "interface" : "abstract class")
                            + " that is not sealed: nothing says which class to read back",
                    "make it a sealed interface that permits records (`sealed interface " + raw.getSimpleName()
                            + " permits ...`), or declare the record or class itself");
            return;
        }
        if (place != Place.FIELD) {
            refuse(
                    where,
                    type,
                    "not plain data, so the JSON codec cannot store it",
                    "use records, enums, strings, numbers, java.time values, Optional, lists, sets and maps;"
                            + " a value of another class needs a field of its own and a registered ArtifactCodec");
        }
        // a field of another concrete class: a registered ArtifactCodec may store it, checked when it is written
    }

    private void container(Type type, Class<?> raw, Map<TypeVariable<?>, Type> bindings, Place place, String where) {
        if (place == Place.IN_READ_ONLY_COPY && !READ_ONLY_FITS.contains(raw)) {
            refuse(
                    where,
                    type,
                    "inside a list, set or map, which is read back as read-only List, Set and Map copies",
                    "declare " + raw.getSimpleName() + "'s interface there (List, Set, Collection or Map)");
            return;
        }
        // the datastore hands a value out as a read-only copy only where List, Set, Collection or Map is declared
        Place inside = place != Place.INSIDE && READ_ONLY_FITS.contains(raw) ? Place.IN_READ_ONLY_COPY : Place.INSIDE;
        if (Map.class.isAssignableFrom(raw)) {
            Type key = resolve(argument(type, 0), bindings);
            Class<?> keyRaw = raw(key);
            if (!MAP_KEYS.contains(keyRaw) && !keyRaw.isEnum()) {
                refuse(
                        "a key of " + describe(type),
                        key,
                        "a map key JSON cannot keep (its keys are text, read back as strings)",
                        "key the map by String, an enum or a number type");
            }
            check(argument(type, 1), bindings, inside, "a value of " + describe(type));
        } else {
            check(argument(type, 0), bindings, inside, "an element of " + describe(type));
        }
    }

    private void record(Type type, Class<?> raw, Map<TypeVariable<?>, Type> outer) {
        if (!visiting.add(raw)) {
            return; // a record that holds itself (a tree): checked once
        }
        Map<TypeVariable<?>, Type> own = new HashMap<>();
        TypeVariable<?>[] variables = raw.getTypeParameters();
        for (int i = 0; i < variables.length; i++) {
            own.put(
                    variables[i],
                    type instanceof ParameterizedType p ? resolve(p.getActualTypeArguments()[i], outer) : Object.class);
        }
        for (RecordComponent component : raw.getRecordComponents()) {
            if (raw.isAnnotationPresent(dev.cairn.flow.ColumnTable.class) && !column(component.getGenericType())) {
                refuse(
                        "record " + raw.getSimpleName() + " component `" + component.getName() + "`",
                        component.getGenericType(),
                        "not a column, and the record is a @ColumnTable",
                        "make it double[], float[], long[], int[] or a List of Double, Float, Long, Integer, Boolean or"
                                + " String, or drop @ColumnTable (the record is then stored as JSON)");
                continue;
            }
            check(
                    component.getGenericType(),
                    own,
                    Place.INSIDE,
                    "record " + raw.getSimpleName() + " component `" + component.getName() + "`");
        }
        visiting.remove(raw);
    }

    /** What a @ColumnTable's component may be: what the Arrow codec stores as a column. */
    private static boolean column(Type type) {
        if (type instanceof Class<?> c) {
            return c == double[].class || c == float[].class || c == long[].class || c == int[].class;
        }
        return type instanceof ParameterizedType p
                && p.getRawType() == List.class
                && Set.<Type>of(Double.class, Float.class, Long.class, Integer.class, Boolean.class, String.class)
                        .contains(p.getActualTypeArguments()[0]);
    }

    /** A sealed interface is read back by the simple name of the record, one of its permitted subtypes. */
    private void sealed(Class<?> raw, String where, Type declared) {
        if (!visiting.add(raw)) {
            return;
        }
        Map<String, Class<?>> byName = new HashMap<>();
        List<Class<?>> records = new ArrayList<>();
        collectPermitted(raw, raw, where, declared, records);
        for (Class<?> record : records) {
            Class<?> other = byName.put(record.getSimpleName(), record);
            if (other != null) {
                refuse(
                        where,
                        declared,
                        "sealed interface " + raw.getSimpleName() + ", whose records " + other.getName() + " and "
                                + record.getName() + " share the name " + record.getSimpleName()
                                + ", the name its values are stored under",
                        "rename one of them");
            }
            record(record, record, Map.of());
        }
        visiting.remove(raw);
    }

    private void collectPermitted(Class<?> root, Class<?> sealed, String where, Type declared, List<Class<?>> into) {
        for (Class<?> permitted : sealed.getPermittedSubclasses()) {
            if (permitted.isRecord()) {
                into.add(permitted);
            } else if (permitted.isSealed() && permitted.isInterface()) {
                collectPermitted(root, permitted, where, declared, into);
            } else {
                refuse(
                        where,
                        declared,
                        "sealed interface " + root.getSimpleName() + ", which permits " + permitted.getName()
                                + ", not a record: only records are read back by name",
                        "make " + permitted.getSimpleName() + " a record (or a sealed interface of records)");
            }
        }
    }

    private void refuse(String where, Type type, String why, String fix) {
        String declared = describe(artifact.type());
        problems.add("artifact `" + artifact.name() + "`" + (where.equals("the field") ? "" : " (" + declared + ")")
                + ": " + where + " is " + describe(type) + ", " + why + ": " + fix);
    }

    /** A type as its declaration reads: simple names, but the package of JDK classes other than everyday ones. */
    private static String describe(Type type) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                return describe(c.getComponentType()) + "[]";
            }
            String pkg = c.getPackageName();
            boolean everyday = pkg.equals("java.lang")
                    || pkg.equals("java.util")
                            && (Collection.class.isAssignableFrom(c)
                                    || Map.class.isAssignableFrom(c)
                                    || c.getSimpleName().startsWith("Optional"));
            boolean qualified = pkg.startsWith("java.") && !everyday;
            return qualified ? c.getName() : c.getSimpleName();
        }
        if (type instanceof ParameterizedType p) {
            StringBuilder out = new StringBuilder(describe(p.getRawType())).append('<');
            Type[] arguments = p.getActualTypeArguments();
            for (int i = 0; i < arguments.length; i++) {
                out.append(i == 0 ? "" : ", ").append(describe(arguments[i]));
            }
            return out.append('>').toString();
        }
        if (type instanceof GenericArrayType array) {
            return describe(array.getGenericComponentType()) + "[]";
        }
        return type.getTypeName();
    }

    /** A type with the variables it names replaced by what they are bound to (or their bound). */
    private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> variable) {
            Type bound = bindings.get(variable);
            return bound != null ? bound : variable.getBounds()[0];
        }
        if (type instanceof WildcardType wildcard) {
            return wildcard.getLowerBounds().length > 0
                    ? Object.class
                    : resolve(wildcard.getUpperBounds()[0], bindings);
        }
        return type;
    }

    /** The {@code index}th type argument, or Object when the type is raw (or a subclass that fixes its own). */
    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static Type componentType(Type type) {
        return type instanceof GenericArrayType array
                ? array.getGenericComponentType()
                : raw(type).getComponentType();
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType array) {
            return java.lang.reflect.Array.newInstance(raw(array.getGenericComponentType()), 0)
                    .getClass();
        }
        return Object.class;
    }
}
