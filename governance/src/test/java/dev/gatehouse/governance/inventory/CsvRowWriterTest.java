package dev.gatehouse.governance.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CsvRowWriterTest {

    @Test
    void plainFieldsStayAsTheyAre() {
        assertEquals("ada@partner.example", CsvRowWriter.field("ada@partner.example"));
        assertEquals("", CsvRowWriter.field(""));
    }

    @Test
    void fieldsWithCommaQuoteOrLineBreakAreQuotedWithQuotesDoubled() {
        assertEquals("\"Contractors, report-only\"", CsvRowWriter.field("Contractors, report-only"));
        assertEquals("\"say \"\"hi\"\"\"", CsvRowWriter.field("say \"hi\""));
        assertEquals("\"a\r\nb\"", CsvRowWriter.field("a\r\nb"));
        assertEquals("\"a\nb\"", CsvRowWriter.field("a\nb"));
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasArePrefixed() {
        assertEquals("'=cmd|' /C calc'!A0", CsvRowWriter.field("=cmd|' /C calc'!A0"));
        assertEquals("'+2-1", CsvRowWriter.field("+2-1"));
        assertEquals("'-1", CsvRowWriter.field("-1"));
        assertEquals("'@SUM(A1)", CsvRowWriter.field("@SUM(A1)"));
        assertEquals("'\tx", CsvRowWriter.field("\tx"));
        assertEquals("\"'=1,2\"", CsvRowWriter.field("=1,2"));
        assertEquals("a=b", CsvRowWriter.field("a=b"));
    }

    @Test
    void rowsEndWithCrLfAndTheHeaderNamesEveryColumn() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvRowWriter writer = new CsvRowWriter(out);
        writer.begin();
        InventoryRow row = new InventoryRow();
        row.put(InventoryColumn.USERNAME, "ada");
        writer.row(row);
        writer.end();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\r\n", -1);
        assertEquals(3, lines.length);
        assertEquals(InventoryColumn.values().length, lines[0].split(",").length);
        assertEquals(",ada,,,,,,,,,,,,", lines[1]);
        assertEquals("", lines[2]);
    }
}
