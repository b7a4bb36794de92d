package dev.cairn.datastore;

import java.util.Comparator;

/**
 * Task ids are deterministic: {@code 0} for a task outside any foreach, and one more
 * {@code -<index>} per enclosing foreach ({@code 0-3-7}: item 3 of the outer foreach, item 7 of
 * the inner one). A join finds its inputs from its own id, so no state has to carry them.
 */
public final class TaskIds {
    public static final String ROOT = "0";

    /** Orders ids by their indices as numbers: 0-2 before 0-10. */
    public static final Comparator<String> ORDER = (a, b) -> {
        String[] x = a.split("-");
        String[] y = b.split("-");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareNumbers(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    private TaskIds() {}

    public static String child(String parent, int index) {
        return parent + "-" + index;
    }

    public static String parent(String task) {
        int dash = task.lastIndexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("task " + task + " is not inside a foreach");
        }
        return task.substring(0, dash);
    }

    /** Index of the task's item in its innermost foreach; -1 outside a foreach. */
    public static int index(String task) {
        int dash = task.lastIndexOf('-');
        return dash < 0 ? -1 : Integer.parseInt(task.substring(dash + 1));
    }

    private static int compareNumbers(String a, String b) {
        if (a.length() != b.length()
                && a.chars().allMatch(Character::isDigit)
                && b.chars().allMatch(Character::isDigit)) {
            return Integer.compare(a.length(), b.length());
        }
        return a.compareTo(b);
    }
}
