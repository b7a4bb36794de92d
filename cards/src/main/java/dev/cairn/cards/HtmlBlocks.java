package dev.cairn.cards;

import dev.cairn.client.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * Tables, Markdown and artifact previews as HTML. Every piece of user text enters through
 * {@code text(...)} or {@code appendText(...)}, which jsoup escapes; nothing user-given is parsed
 * as HTML, so an artifact holding {@code <script>} stays text.
 */
final class HtmlBlocks {
    static final int MAX_ROWS = 50;
    static final int MAX_CELL = 80;
    /** A markdown block, stack trace or message longer than this is cut, its size said: a page, not a dump. */
    static final int MAX_BLOCK = 20_000;

    private static final Pattern INLINE = Pattern.compile("\\*\\*([^*]+)\\*\\*|`([^`]+)`|\\*([^*]+)\\*");
    private static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.*)");

    private HtmlBlocks() {}

    /** A table of cells previewed like artifact values; numbers right-aligned; cut at {@value #MAX_ROWS} rows. */
    static Element table(Element parent, List<String> columns, List<? extends List<?>> rows) {
        Element wrap = parent.appendElement("div").addClass("scroll");
        Element table = wrap.appendElement("table");
        Element head = table.appendElement("thead").appendElement("tr");
        columns.forEach(c -> head.appendElement("th").text(String.valueOf(c)));
        Element body = table.appendElement("tbody");
        for (List<?> row : rows.subList(0, Math.min(rows.size(), MAX_ROWS))) {
            Element tr = body.appendElement("tr");
            for (Object cell : row) {
                Element td = tr.appendElement("td").text(cell(cell));
                if (cell instanceof Number) {
                    td.addClass("num");
                }
            }
        }
        if (rows.size() > MAX_ROWS) {
            wrap.appendElement("p").addClass("muted").text("… " + (rows.size() - MAX_ROWS) + " more rows");
        }
        return table;
    }

    static String cell(Object value) {
        Object plain = ArtifactPreview.plain(value);
        if (plain instanceof String s && !ArtifactPreview.looksLikeBase64(s)) {
            return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 1) + "…";
        }
        if (plain instanceof List<?> || plain instanceof Map<?, ?>) {
            return ArtifactPreview.inline(plain);
        }
        return ArtifactPreview.scalar(plain, MAX_CELL);
    }

    /**
     * A minimal Markdown: headings, bullet lists, fenced code, paragraphs, and inline bold, italics
     * and code. Enough for what steps write; anything else shows as the text it is.
     */
    static void markdown(Element parent, String whole) {
        Element box = parent.appendElement("div").addClass("markdown");
        String text = whole == null || whole.length() <= MAX_BLOCK ? whole : whole.substring(0, MAX_BLOCK);
        Element paragraph = null;
        Element list = null;
        StringBuilder code = null;
        for (String line : (text == null ? "" : text).split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                if (code == null) {
                    code = new StringBuilder();
                } else {
                    box.appendElement("pre").text(code.toString());
                    code = null;
                }
                paragraph = null;
                list = null;
                continue;
            }
            if (code != null) {
                code.append(line).append('\n');
                continue;
            }
            Matcher heading = HEADING.matcher(line.strip());
            if (line.isBlank()) {
                paragraph = null;
                list = null;
            } else if (heading.matches()) {
                inline(box.appendElement("h" + Math.min(6, heading.group(1).length() + 2)), heading.group(2));
                paragraph = null;
                list = null;
            } else if (line.strip().startsWith("- ") || line.strip().startsWith("* ")) {
                if (list == null) {
                    list = box.appendElement("ul");
                }
                inline(list.appendElement("li"), line.strip().substring(2));
                paragraph = null;
            } else {
                if (paragraph == null) {
                    paragraph = box.appendElement("p");
                } else {
                    paragraph.appendText(" ");
                }
                inline(paragraph, line.strip());
                list = null;
            }
        }
        if (code != null) {
            box.appendElement("pre").text(code.toString());
        }
        if (text != whole) {
            cutNote(box, whole);
        }
    }

    /** {@code text} in a new {@code tag} element, cut at {@value #MAX_BLOCK} characters with its size said. */
    static Element block(Element parent, String tag, String text) {
        if (text.length() <= MAX_BLOCK) {
            return parent.appendElement(tag).text(text);
        }
        Element element = parent.appendElement(tag).text(text.substring(0, MAX_BLOCK) + "…");
        cutNote(parent, text);
        return element;
    }

    private static void cutNote(Element parent, String whole) {
        parent.appendElement("p")
                .addClass("muted")
                .text(String.format(
                        java.util.Locale.ROOT,
                        "cut: the first %,d of %,d characters (%s) are shown",
                        MAX_BLOCK,
                        whole.length(),
                        size(whole.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)));
    }

    private static String size(long bytes) {
        return bytes < 1_000_000
                ? String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1e3)
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static void inline(Element parent, String text) {
        Matcher m = INLINE.matcher(text);
        int last = 0;
        while (m.find()) {
            parent.appendText(text.substring(last, m.start()));
            if (m.group(1) != null) {
                parent.appendElement("strong").text(m.group(1));
            } else if (m.group(2) != null) {
                parent.appendElement("code").text(m.group(2));
            } else {
                parent.appendElement("em").text(m.group(3));
            }
            last = m.end();
        }
        parent.appendText(text.substring(last));
    }

    /** An artifact's preview: a one-line value, or an HTML table when the value is a list or map of records. */
    static void artifact(Element parent, Task task, String name) {
        ArtifactPreview.Preview preview = ArtifactPreview.of(task, name);
        if (preview.table().isEmpty()) {
            parent.appendElement("code").text(preview.summary());
            return;
        }
        parent.appendElement("span").addClass("muted").text(preview.summary());
        Object plain;
        try {
            plain = ArtifactPreview.plain(task.artifact(name));
        } catch (RuntimeException e) {
            parent.appendElement("pre").text(String.join("\n", preview.table()));
            return;
        }
        List<String> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        if (plain instanceof List<?> list) {
            for (Object element : list) {
                Map<String, Object> row = fields(element);
                row.keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add);
                rows.add(columns.stream().map(row::get).toList());
            }
        } else if (plain instanceof Map<?, ?> map) {
            columns.add("key");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("key", String.valueOf(e.getKey()));
                Object value = ArtifactPreview.plain(e.getValue());
                if (value instanceof Map<?, ?>) {
                    row.putAll(fields(value));
                } else {
                    row.put("value", value);
                }
                row.keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add);
                rows.add(columns.stream().map(row::get).toList());
            }
        }
        table(parent, columns, rows);
    }

    private static Map<String, Object> fields(Object value) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (ArtifactPreview.plain(value) instanceof Map<?, ?> map) {
            map.forEach((k, v) -> row.put(String.valueOf(k), v));
        } else {
            row.put("value", value);
        }
        return row;
    }
}
