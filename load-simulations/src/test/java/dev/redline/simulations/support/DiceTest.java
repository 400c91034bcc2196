package dev.redline.simulations.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DiceTest {

  @Test
  void oneSeedUserAndSiteGiveOneSeed() {
    assertEquals(Dice.mix(42, 7, 3), Dice.mix(42, 7, 3));
  }

  @Test
  void neighbouringUsersSitesAndSeedsGetDifferentSeeds() {
    long base = Dice.mix(42, 7, 3);
    assertNotEquals(base, Dice.mix(42, 8, 3));
    assertNotEquals(base, Dice.mix(42, 7, 4));
    assertNotEquals(base, Dice.mix(43, 7, 3));
    // user and site are not interchangeable
    assertNotEquals(Dice.mix(42, 3, 7), base);
  }
}
