package dev.cairn.runtime.task;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a class file names in its constant pool: its class entries (what it instantiates, calls,
 * casts to, its supertypes and nested classes) and the types inside its descriptors and generic signatures
 * (field, parameter and annotation types that no instruction names). Classes reached only by reflection with
 * a computed name are not among them.
 */
final class ClassReferences {
    private static final int MAGIC = 0xCAFEBABE;
    /** {@code Ljava/util/List;} or {@code Ljava/util/List<...>;} inside a descriptor or signature. */
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([^;<>\\[\\]().:\\s]+)[;<]");

    private ClassReferences() {}

    /** Internal names ({@code a/b/C}) of the classes {@code classFile} refers to. */
    static Set<String> of(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file (no 0xCAFEBABE at its start)");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort()); // Class
                case 8, 16, 19, 20 -> in.skipBytes(2); // String, MethodType, Module, Package
                case 15 -> in.skipBytes(3); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 ->
                    in.skipBytes(4); // numbers, member refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> {
                    in.skipBytes(8); // Long and Double take two entries
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        Set<String> names = new TreeSet<>();
        for (int index : classNames) {
            String name = utf8[index];
            if (name != null && !name.startsWith("[")) {
                names.add(name);
            }
        }
        for (String text : utf8) {
            if (text != null && text.indexOf(';') > 0) {
                Matcher m = TYPE_IN_DESCRIPTOR.matcher(text);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
