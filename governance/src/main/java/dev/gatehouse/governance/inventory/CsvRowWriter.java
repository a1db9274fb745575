package dev.gatehouse.governance.inventory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * CSV as RFC 4180 says (CRLF line ends; a field with a comma, quote, CR or LF in double quotes, quotes doubled),
 * and safe to open in a spreadsheet: a field that starts with {@code = + - @}, a tab or a carriage return is
 * prefixed with an apostrophe, so a username like {@code =HYPERLINK(...)} stays text (CSV injection).
 */
final class CsvRowWriter implements RowWriter {

    private final Writer out;

    CsvRowWriter(OutputStream stream) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
    }

    @Override
    public void begin() throws IOException {
        InventoryColumn[] columns = InventoryColumn.values();
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(columns[i].header());
        }
        out.write("\r\n");
    }

    @Override
    public void row(InventoryRow row) throws IOException {
        InventoryColumn[] columns = InventoryColumn.values();
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(row.get(columns[i])));
        }
        out.write("\r\n");
    }

    @Override
    public void end() throws IOException {
        out.flush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    static String field(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
