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
    private CardPage() {}

    /** An empty page titled {@code title}, with the card's styles; content goes into its body. */
    public static Document shell(String title) {
        Document doc = Document.createShell("");
        doc.head().appendElement("meta").attr("charset", "utf-8");
        doc.head()
                .appendElement("meta")
                .attr("name", "viewport")
                .attr("content", "width=device-width, initial-scale=1");
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
        return "<!DOCTYPE html>\n" + doc.outerHtml();
    }
}
