package dev.cairn.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    private static List<List<String>> texts(String csv) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(csv));
        List<List<String>> records = new ArrayList<>();
        for (List<CsvReader.Value> record; (record = reader.next()) != null; ) {
            records.add(record.stream().map(CsvReader.Value::text).toList());
        }
        return records;
    }

    @Test
    void aQuotedCommaStaysInItsValue() throws IOException {
        assertEquals(List.of(List.of("u-1", "Paris, France", "3")), texts("u-1,\"Paris, France\",3\n"));
    }

    @Test
    void doubledQuotesAreOneQuoteAndQuotedLineBreaksBelongToTheValue() throws IOException {
        assertEquals(
                List.of(List.of("say \"hi\"", "two\nlines"), List.of("next")),
                texts("\"say \"\"hi\"\"\",\"two\nlines\"\r\nnext"));
    }

    @Test
    void eachValueSaysWhetherItWasQuoted() throws IOException {
        List<CsvReader.Value> record = new CsvReader(new StringReader("12,\"12\", 7 ,\n")).next();
        assertEquals(
                List.of(
                        new CsvReader.Value("12", false),
                        new CsvReader.Value("12", true),
                        new CsvReader.Value(" 7 ", false),
                        new CsvReader.Value("", false)),
                record);
        assertEquals("7", record.get(2).stripped());
    }

    @Test
    void recordsKnowTheLineTheyStartOn() throws IOException {
        CsvReader reader = new CsvReader(new StringReader("a\n\"b\nc\"\n\nd"));
        List<Integer> lines = new ArrayList<>();
        while (reader.next() != null) {
            lines.add(reader.line());
        }
        assertEquals(List.of(1, 2, 4, 5), lines);
    }

    @Test
    void aQuoteNeverClosedNamesTheLineItOpensOn() throws IOException {
        CsvReader reader = new CsvReader(new StringReader("a,b\nc,\"open\nmore\n"));
        reader.next();
        CsvReader.MalformedCsvException e = assertThrows(CsvReader.MalformedCsvException.class, reader::next);
        assertEquals(2, e.line());
        assertEquals("the CSV has a quote opened on line 2 that is never closed", e.getMessage());
    }

    @Test
    void textAfterAClosingQuoteFailsThatRecordOnlyAndReadingGoesOn() throws IOException {
        CsvReader reader = new CsvReader(new StringReader("\"a\"b,1\nc,2\n"));
        CsvReader.MalformedCsvException e = assertThrows(CsvReader.MalformedCsvException.class, reader::next);
        assertEquals(1, e.line());
        assertEquals(List.of(new CsvReader.Value("c", false), new CsvReader.Value("2", false)), reader.next());
        assertNull(reader.next());
    }
}
