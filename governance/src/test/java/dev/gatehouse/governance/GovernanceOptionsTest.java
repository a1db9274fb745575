package dev.gatehouse.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class GovernanceOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertEquals(new GovernanceOptions(3, Optional.empty(), 7, 90), GovernanceOptions.DEFAULTS);
    }

    @Test
    void outOfRangeValuesStopTheServerWithTheOptionNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GovernanceOptions(0, Optional.empty(), 7, 90))
                .getMessage().contains("max-sponsors"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GovernanceOptions(3, Optional.empty(), 0, 90))
                .getMessage().contains("invitation-days"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GovernanceOptions(3, Optional.empty(), 30, 10))
                .getMessage().contains("invitation-max-days"));
    }

    @Test
    void aBlankSponsorAttributeMeansTheRuleIsOff() {
        assertEquals(Optional.empty(), new GovernanceOptions(3, Optional.of("  "), 7, 90).sponsorAttribute());
        assertEquals(Optional.of("sponsor"), new GovernanceOptions(3, Optional.of(" sponsor "), 7, 90).sponsorAttribute());
    }
}
