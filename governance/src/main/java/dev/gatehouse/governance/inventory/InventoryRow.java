package dev.gatehouse.governance.inventory;

import java.util.EnumMap;
import java.util.Map;

/** One user's line of the export: a value per column, empty when unknown. Filled by the column readers of a batch. */
final class InventoryRow {

    private final Map<InventoryColumn, String> values = new EnumMap<>(InventoryColumn.class);

    void put(InventoryColumn column, String value) {
        values.put(column, value);
    }

    String get(InventoryColumn column) {
        String value = values.get(column);
        return value == null ? "" : value;
    }
}
