package dev.cairn.cards;

import org.jsoup.nodes.Element;

/** Small helpers for SVG built as jsoup elements: attributes and text go through jsoup, so they are escaped. */
final class Svg {
    private Svg() {}

    /** An {@code <svg>} of the given size that scales down with the page. No xmlns: inline SVG in HTML needs none. */
    static Element root(Element parent, double width, double height, String cssClass) {
        return parent.appendElement("svg")
                .addClass(cssClass)
                .attr("viewBox", "0 0 " + CardText.px(width) + " " + CardText.px(height))
                .attr("width", CardText.px(width))
                .attr("style", "max-width: 100%; height: auto;")
                .attr("role", "img");
    }

    static Element rect(Element parent, double x, double y, double w, double h, String fill) {
        return parent.appendElement("rect")
                .attr("x", CardText.px(x))
                .attr("y", CardText.px(y))
                .attr("width", CardText.px(Math.max(w, 0)))
                .attr("height", CardText.px(Math.max(h, 0)))
                .attr("fill", fill);
    }

    static Element line(Element parent, double x1, double y1, double x2, double y2, String stroke) {
        return parent.appendElement("line")
                .attr("x1", CardText.px(x1))
                .attr("y1", CardText.px(y1))
                .attr("x2", CardText.px(x2))
                .attr("y2", CardText.px(y2))
                .attr("stroke", stroke);
    }

    static Element text(Element parent, double x, double y, String text, String anchor, int size, String fill) {
        return parent.appendElement("text")
                .attr("x", CardText.px(x))
                .attr("y", CardText.px(y))
                .attr("text-anchor", anchor)
                .attr("font-size", String.valueOf(size))
                .attr("fill", fill)
                .text(text);
    }

    /** A hover tooltip: browsers show an SVG element's {@code <title>} child. */
    static void title(Element element, String text) {
        element.appendElement("title").text(text);
    }

    /** {@code text} cut to {@code max} characters so it fits a box. */
    static String fit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(1, max - 1)) + "…";
    }
}
