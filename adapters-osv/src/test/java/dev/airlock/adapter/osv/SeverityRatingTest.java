package dev.airlock.adapter.osv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.domain.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How OSV records land on Airlock's severity scale. */
class SeverityRatingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a MAL- id is critical whatever else it says|{\"id\":\"MAL-2025-9\",\"database_specific\":{\"severity\":\"LOW\"}}|CRITICAL",
      "a MAL- alias is critical|{\"id\":\"GHSA-x\",\"aliases\":[\"MAL-2025-9\"]}|CRITICAL",
      "GitHub's MODERATE is MEDIUM|{\"id\":\"GHSA-x\",\"database_specific\":{\"severity\":\"MODERATE\"}}|MEDIUM",
      "a CVSS v3 vector is scored|{\"id\":\"X\",\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H\"}]}|HIGH",
      "a numeric score counts|{\"id\":\"X\",\"severity\":[{\"type\":\"CVSS_V2\",\"score\":\"9.3\"}]}|CRITICAL",
      "the worst rating wins|{\"id\":\"X\",\"database_specific\":{\"severity\":\"LOW\"},\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}]}|CRITICAL",
      "an affected package's rating counts|{\"id\":\"X\",\"affected\":[{\"ecosystem_specific\":{\"severity\":\"HIGH\"}}]}|HIGH",
      "an Ubuntu word counts|{\"id\":\"X\",\"severity\":[{\"type\":\"Ubuntu\",\"score\":\"low\"}]}|LOW",
      "a v4 vector alone is not scored, so unrated|{\"id\":\"X\",\"severity\":[{\"type\":\"CVSS_V4\",\"score\":\"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\"}]}|MEDIUM",
      "no rating at all is MEDIUM|{\"id\":\"X\"}|MEDIUM"})
  void shouldRateTheRecord(String why, String record, Severity expected) throws Exception {
    assertThat(SeverityRating.rate(JSON.readTree(record)).severity()).as(why).isEqualTo(expected);
  }
}
