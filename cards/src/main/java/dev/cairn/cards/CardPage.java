package dev.cairn.cards;

import java.util.List;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A self-contained HTML page in the card's look (inline style sheet, no scripts, no network), for run cards and
 * for other reports that want to look like them. Built as a jsoup DOM, so user text is escaped.
 *
 * <pre>{@code
 * Document page = CardPage.shell("churn-ab · experiment report");
 * Element main = page.body().appendElement("main");
 * CardPage.table(main.appendElement("section"), List.of("variant", "units"), List.of(List.of("v1", 10_000L)));
 * Files.writeString(file, CardPage.html(page));
 * }</pre>
 */
public final class CardPage {
    /** Inline styles and data: images only; everything else, scripts first, is refused by the browser. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    /** Bidi controls that reorder what follows them ("exe.txt" shown as "txt.exe"); user text shows them as marks. */
    private static final java.util.regex.Pattern BIDI_CONTROLS =
            java.util.regex.Pattern.compile("[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]");

    private CardPage() {}

    /** An empty page titled {@code title}, with the card's styles; content goes into its body. */
    public static Document shell(String title) {
        Document doc = Document.createShell("");
        doc.head().appendElement("meta").attr("charset", "utf-8");
        doc.head()
                .appendElement("meta")
                .attr("name", "viewport")
                .attr("content", "width=device-width, initial-scale=1");
        // no script, no network, no form, no frame: a card opened from a bucket or a mail stays a document
        doc.head()
                .appendElement("meta")
                .attr("http-equiv", "Content-Security-Policy")
                .attr("content", CONTENT_SECURITY_POLICY);
        doc.title(title);
        doc.head().appendElement("style").appendChild(new DataNode(CardStyles.CSS));
        return doc;
    }

    /** A table as cards draw them: cells escaped, {@link Number} cells right-aligned, cut at {@value HtmlBlocks#MAX_ROWS} rows. */
    public static Element table(Element parent, List<String> columns, List<? extends List<?>> rows) {
        return HtmlBlocks.table(parent, columns, rows);
    }

    /** The page's HTML text, with its doctype; not indented, which would be a sixth of a large card. */
    public static String html(Document doc) {
        doc.outputSettings().prettyPrint(false);
        visibleBidiControls(doc);
        return "<!DOCTYPE html>\n" + doc.outerHtml();
    }

    /**
     * Every text of the page shows a bidi control as a visible mark ({@code [U+202E]}) rather than obeying it: the
     * card's text is user text (names, values, errors), and a right-to-left override in it would make it read as
     * something else. The style sheet isolates each piece of user text besides ({@code unicode-bidi: isolate}).
     */
    private static void visibleBidiControls(Document doc) {
        doc.traverse((node, depth) -> {
            if (node instanceof org.jsoup.nodes.TextNode text) {
                String shown = BIDI_CONTROLS
                        .matcher(text.getWholeText())
                        .replaceAll(
                                m -> String.format("[U+%04X]", (int) m.group().charAt(0)));
                if (!shown.equals(text.getWholeText())) {
                    text.text(shown);
                }
            }
        });
    }
}
