package dev.gatehouse.governance.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The task interval option and the dry run's days: defaults, bounds, and a clear refusal of the rest. */
class GovernanceOptionsParsingTest {

    @Test
    void theTaskRunsHourlyUnlessToldOtherwise() {
        assertEquals(Duration.ofHours(1), GovernanceTaskFactory.parseInterval(null));
        assertEquals(Duration.ofHours(1), GovernanceTaskFactory.parseInterval(" "));
        assertEquals(Duration.ofSeconds(1), GovernanceTaskFactory.parseInterval("1s"));
        assertEquals(Duration.ofMinutes(15), GovernanceTaskFactory.parseInterval("15m"));
    }

    @Test
    void aTaskIntervalBelowOneSecondOrNotADurationStopsTheServerNamingTheOption() {
        for (String bad : new String[] {"0s", "500ms", "often"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GovernanceTaskFactory.parseInterval(bad));
            assertTrue(e.getMessage().contains("task-interval"), e.getMessage());
        }
    }

    @Test
    void theDryRunTakesZeroToTenYearsOfDaysAndRefusesAnythingElseNamingTheRange() {
        assertEquals(0, DryRunResource.days("0"));
        assertEquals(30, DryRunResource.days(" 30 "));
        assertEquals(3650, DryRunResource.days("3650"));
        for (String bad : new String[] {null, "", "abc", "-1", "3651", "1.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DryRunResource.days(bad), String.valueOf(bad));
            assertTrue(e.getMessage().contains("days") || e.getMessage().contains("end"), e.getMessage());
        }
    }
}
