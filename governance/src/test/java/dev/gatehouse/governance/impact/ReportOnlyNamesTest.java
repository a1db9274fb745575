package dev.gatehouse.governance.impact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReportOnlyNamesTest {

    @Test
    void namesWithCommasAreMatchedAgainstTheRealmsPolicies() {
        assertEquals(List.of("Contractors, report-only", "Partners"),
                ReportOnlyNames.split("Contractors, report-only,Partners", List.of("Partners", "Contractors, report-only")));
    }

    @Test
    void unknownNamesAreSplitOnCommas() {
        assertEquals(List.of("Gone", "Partners"), ReportOnlyNames.split("Gone,Partners", List.of("Partners")));
        assertEquals(List.of("Partners"), ReportOnlyNames.split("Partners", List.of()));
    }

    @Test
    void aNameThatIsThePrefixOfAnotherDoesNotSwallowIt() {
        assertEquals(List.of("Partners, EU", "Partners"),
                ReportOnlyNames.split("Partners, EU,Partners", List.of("Partners", "Partners, EU")));
    }
}
