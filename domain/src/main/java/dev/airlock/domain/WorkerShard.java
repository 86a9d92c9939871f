package dev.airlock.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One worker's share of a request file spread over {@code count} workers: the rows whose name and
 * URL hash to it. The hash is of the request itself, so a worker that is retried, or started twice,
 * takes the same rows again and no two shards overlap.
 *
 * @param index this worker, from 1 to {@code count}
 * @param count how many workers share the file
 */
public record WorkerShard(int index, int count) {
  /** The most workers a run is spread over (CodeBuild batch builds allow 100 builds per batch). */
  public static final int MAX_COUNT = 99;
  private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,3})\\s*/\\s*(\\d{1,3})\\s*");

  public WorkerShard {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("the number of workers must be 1 to " + MAX_COUNT + ", was " + count);
    }
    if (index < 1 || index > count) {
      throw new IllegalArgumentException("the worker must be 1 to " + count + ", was " + index);
    }
  }

  /** Reads {@code I/N}, as {@code --worker 2/4} gives it. */
  public static WorkerShard parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected I/N (this worker, from 1, of N workers), got '" + text + "'");
    }
    return new WorkerShard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The shard of {@code count} workers that {@code request} belongs to. */
  public static WorkerShard of(RequestKey request, int count) {
    return new WorkerShard(1 + Math.floorMod(hash(request), count), count);
  }

  /** True when {@code request} is this worker's to decide. */
  public boolean owns(RequestKey request) {
    return of(request, count).index == index;
  }

  /** The first eight bytes of the SHA-256 of name and URL: stable across JVMs, runs and retries. */
  private static long hash(RequestKey request) {
    byte[] digest = Sha256.newDigest().digest(
        (request.normalisedName() + "\n" + request.url()).getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
