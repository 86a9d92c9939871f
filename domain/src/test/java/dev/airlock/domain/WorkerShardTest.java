package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a request file is split between workers. */
class WorkerShardTest {

  private static List<RequestKey> requests(int n) {
    List<RequestKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(RequestKey.of("pkg-" + i, "https://files.pythonhosted.org/packages/pkg-" + i + "-1.0.tar.gz"));
    }
    return keys;
  }

  @Test
  void shouldGiveEveryRequestToExactlyOneWorkerWhenSplitFourWays() {
    // Given
    List<RequestKey> keys = requests(1_000);
    List<WorkerShard> shards = List.of(WorkerShard.parse("1/4"), WorkerShard.parse("2/4"), WorkerShard.parse("3/4"),
        WorkerShard.parse("4/4"));

    // When / Then
    int[] sizes = new int[4];
    for (RequestKey key : keys) {
      List<WorkerShard> owners = shards.stream().filter(s -> s.owns(key)).toList();
      assertThat(owners).as(key.toString()).hasSize(1).containsExactly(WorkerShard.of(key, 4));
      sizes[owners.get(0).index() - 1]++;
    }
    // an even split within a few percent: no worker idles while another has twice the work
    assertThat(java.util.Arrays.stream(sizes).boxed().toList())
        .allSatisfy(size -> assertThat(size).isBetween(200, 300));
  }

  @Test
  void shouldGiveEverythingToTheOnlyWorkerWhenThereIsOne() {
    assertThat(requests(50)).allMatch(WorkerShard.parse("1/1")::owns);
  }

  @Test
  void shouldKeepARequestOnTheSameWorkerWhenAskedAgain() {
    RequestKey key = RequestKey.of("pandas", "https://files.pythonhosted.org/packages/pandas-2.2.3.tar.gz");
    assertThat(WorkerShard.of(key, 7)).isEqualTo(WorkerShard.of(RequestKey.of("pandas",
        "https://files.pythonhosted.org/packages/pandas-2.2.3.tar.gz"), 7));
  }

  @Test
  void shouldNameTheFormWhenTheWorkerCannotBeRead() {
    assertThatThrownBy(() -> WorkerShard.parse("two of four")).hasMessageContaining("expected I/N");
    assertThatThrownBy(() -> WorkerShard.parse("5/4")).hasMessageContaining("must be 1 to 4, was 5");
    assertThatThrownBy(() -> WorkerShard.parse("0/4")).hasMessageContaining("must be 1 to 4, was 0");
    assertThatThrownBy(() -> WorkerShard.parse("1/0")).hasMessageContaining("1 to 99, was 0");
    assertThat(WorkerShard.parse(" 2 / 4 ")).hasToString("2/4");
  }
}
