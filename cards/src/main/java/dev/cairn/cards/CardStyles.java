package dev.cairn.cards;

import java.util.List;

/**
 * The card's look: one inline style sheet and the palette the diagrams share. Inline because a
 * card must open from a mail attachment or a bucket with no network (no fonts, no CDNs).
 */
final class CardStyles {
    static final String SUCCEEDED = "#2e9d57";
    static final String FAILED = "#d64545";
    static final String PARTLY = "#e0a125";
    static final String NOT_RUN = "#b8bec7";
    static final String CRITICAL = "#1f4fd1";
    static final String INK = "#222831";
    static final String MUTED = "#6b7280";
    static final String FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

    /** Colours of chart series, picked in turn; distinct enough for a handful of lines. */
    static final List<String> SERIES = List.of(
            "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
            "#17becf");

    static final String CSS = """
            body { font-family: %s; color: %s; margin: 0; background: #f6f7f9; }
            main { max-width: 1200px; margin: 0 auto; padding: 24px; }
            h1 { font-size: 22px; margin: 0 0 4px; }
            h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid #dde1e6; padding-bottom: 4px; }
            h3 { font-size: 14px; margin: 18px 0 6px; }
            section { background: #fff; border: 1px solid #e3e6ea; border-radius: 8px; padding: 12px 18px; margin: 14px 0; }
            table { border-collapse: collapse; font-size: 13px; margin: 6px 0; }
            th, td { border-bottom: 1px solid #eceef1; padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
            th { color: #555; font-weight: 600; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; font-size: 14px; margin: 8px 0; }
            dl.facts dt { color: #6b7280; }
            dl.facts dd { margin: 0; }
            .status { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; }
            .status.SUCCEEDED { background: %s; } .status.FAILED { background: %s; } .status.RUNNING { background: %s; }
            .status.DIED { background: #6b7280; }
            .muted { color: #6b7280; font-size: 12px; }
            pre { background: #f3f4f6; padding: 8px; border-radius: 4px; overflow-x: auto; font-size: 12px; white-space: pre-wrap; }
            code { background: #f3f4f6; padding: 0 3px; border-radius: 3px; font-size: 12px; }
            .scroll { overflow-x: auto; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
            .grid > div { border: 1px solid #eceef1; border-radius: 6px; padding: 6px; }
            .error { color: %s; font-weight: 600; }
            .legend span { margin-right: 14px; font-size: 12px; }
            .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
            svg text { font-family: %s; }
            td, th, dd, li, code, span, strong, em, summary, text, title { unicode-bidi: isolate; }
            p, pre, td, dd, li, .markdown { overflow-wrap: anywhere; }
            """.formatted(FONT, INK, SUCCEEDED, FAILED, PARTLY, FAILED, FONT);

    private CardStyles() {}
}
