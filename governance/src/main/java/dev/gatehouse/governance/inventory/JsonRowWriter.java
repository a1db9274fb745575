package dev.gatehouse.governance.inventory;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** A JSON array of objects, one per user, field names as the CSV header; written as a stream. */
final class JsonRowWriter implements RowWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonGenerator json;

    JsonRowWriter(OutputStream stream) throws IOException {
        this.json = FACTORY.createGenerator(stream, JsonEncoding.UTF8);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public void begin() throws IOException {
        json.writeStartArray();
    }

    @Override
    public void row(InventoryRow row) throws IOException {
        json.writeStartObject();
        for (InventoryColumn column : InventoryColumn.values()) {
            String value = row.get(column);
            if (column == InventoryColumn.ENABLED) {
                json.writeBooleanField(column.header(), Boolean.parseBoolean(value));
            } else if (value.isEmpty()) {
                json.writeNullField(column.header());
            } else {
                json.writeStringField(column.header(), value);
            }
        }
        json.writeEndObject();
    }

    @Override
    public void end() throws IOException {
        json.writeEndArray();
        json.flush();
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }
}
