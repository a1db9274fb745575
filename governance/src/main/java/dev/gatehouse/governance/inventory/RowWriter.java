package dev.gatehouse.governance.inventory;

import java.io.IOException;
import java.io.OutputStream;

/** Writes the export in one format as rows arrive; nothing is held beyond the current row. */
interface RowWriter {

    void begin() throws IOException;

    void row(InventoryRow row) throws IOException;

    void end() throws IOException;

    /** Pushes what was written to the client (after each batch). */
    void flush() throws IOException;

    static RowWriter of(InventoryFormat format, OutputStream out) throws IOException {
        return switch (format) {
            case CSV -> new CsvRowWriter(out);
            case JSON -> new JsonRowWriter(out);
        };
    }
}
