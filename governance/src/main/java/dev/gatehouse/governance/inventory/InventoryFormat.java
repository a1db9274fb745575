package dev.gatehouse.governance.inventory;

import java.util.Locale;
import java.util.Optional;

/** The export's formats, as named in {@code ?format=}. */
enum InventoryFormat {
    CSV("text/csv; charset=utf-8", "csv"),
    JSON("application/json", "json");

    private final String mediaType;
    private final String extension;

    InventoryFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    String mediaType() {
        return mediaType;
    }

    String extension() {
        return extension;
    }

    /** Absent means CSV; an unknown name is empty. */
    static Optional<InventoryFormat> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(CSV);
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "csv" -> Optional.of(CSV);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}
