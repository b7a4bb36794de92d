package dev.cairn.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.client.Cairn;
import dev.cairn.flow.internal.graph.FlowGraph;
import dev.cairn.testing.CairnExtension;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A card stays a readable, inert page whatever the steps put in it. */
@ExtendWith(CairnExtension.class)
class HostileCardTextTest {
    static String html;

    @BeforeAll
    static void runTheFlow(Cairn cairn) throws Exception {
        cairn.run(LongTextFlow.class, Map.of());
        html = new RunCard(cairn.flow("LongTextFlow").run("latest"), FlowGraph.of(LongTextFlow.class)).html();
    }

    @Test
    void aMegabyteOfMarkdownAndALongErrorAreCutWithTheirSizeSaid() {
        Document doc = Jsoup.parse(html);

        assertTrue(html.length() < 200_000, "the card is " + html.length() + " characters");
        assertTrue(
                doc.select(".markdown p.muted")
                        .text()
                        .contains("cut: the first 20,000 of 1,050,008 characters (1.1 MB)"),
                doc.select(".markdown").text().substring(0, 100));
        assertTrue(
                doc.select("section.tasks p.muted").text().contains("of 100,033 characters"),
                doc.select("section.tasks").text().substring(0, 300));
    }

    @Test
    void aRightToLeftOverrideIsShownAsAMarkNotObeyed() {
        assertFalse(html.contains("\u202E"), "the override reaches the page raw");
        assertTrue(html.contains("invoice[U+202E]exe.txt"), "the override is shown where it is");
        assertTrue(CardStyles.CSS.contains("unicode-bidi: isolate"), "user text is isolated from its neighbours");
    }

    @Test
    void theCardCarriesARestrictiveContentSecurityPolicy() {
        Element csp = Jsoup.parse(html).selectFirst("head meta[http-equiv=Content-Security-Policy]");

        assertTrue(csp != null, "no Content-Security-Policy meta tag");
        assertEquals(
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'",
                csp.attr("content"));
    }
}
