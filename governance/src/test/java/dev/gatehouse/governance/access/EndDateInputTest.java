package dev.gatehouse.governance.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** An end date given to the admin REST API: an ISO instant or whole days, exactly one, else 400. */
class EndDateInputTest {

    @Test
    void anInstantIsTakenAsGiven() {
        assertEquals(Instant.parse("2030-01-31T00:00:00Z"), AccessAdminResource.endOf(Map.of("end", "2030-01-31T00:00:00Z")));
    }

    @Test
    void daysCountFromNow() {
        Instant before = Instant.now();
        Instant end = AccessAdminResource.endOf(Map.of("days", 30));
        assertEquals(30, java.time.Duration.between(before, end).toDays());
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        Map<String, Object> both = new HashMap<>(Map.of("end", "2030-01-31T00:00:00Z", "days", 3));
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(Map.of(), both, Map.of("end", "tomorrow"),
                Map.of("days", 0), Map.of("days", 1.5), Map.of("days", "30"), Map.of("days", 36_501))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccessAdminResource.endOf(bad), bad.toString());
            assertTrue(e.getMessage().contains("days") || e.getMessage().contains("end"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> AccessAdminResource.endOf(null));
    }
}
