package dev.airlock.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Works on a run's items on virtual threads, at most a given number at a time, each in the run's
 * logging context. Every item gets a result in the items' order: a task that fails unexpectedly (or
 * is interrupted) becomes the item's failure result, so nothing is silently dropped and nothing
 * fails open. Shared by the run, the pull-request check and re-evaluation.
 */
final class BoundedWork {
  private static final Logger LOG = LoggerFactory.getLogger(BoundedWork.class);

  /** One item's work. */
  @FunctionalInterface
  interface Task<T, R> {
    R run(T item) throws Exception;
  }

  private BoundedWork() {}

  /**
   * The results of {@code task} over {@code items}, in order.
   *
   * @param itemKey what the logs call an item (the {@code request} context value)
   * @param failed the result of an item whose task threw, given the reason in words
   */
  // The resources are held for their close, which restores the log context: javac's "try" lint is wrong here.
  @SuppressWarnings("try")
  static <T, R> List<R> map(List<T> items, int limit, String runId, Function<T, String> itemKey, Task<T, R> task,
      BiFunction<T, String, R> failed) {
    Semaphore permits = new Semaphore(limit);
    List<Future<R>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (T item : items) {
        futures.add(executor.submit(() -> {
          permits.acquire();
          try (var run = MDC.putCloseable(ProcessRequestsService.RUN_ID, runId);
              var key = MDC.putCloseable(ProcessRequestsService.REQUEST, itemKey.apply(item))) {
            return task.run(item);
          } finally {
            permits.release();
          }
        }));
      }
      List<R> results = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        results.add(await(futures.get(i), items.get(i), itemKey, failed));
      }
      return results;
    }
  }

  private static <T, R> R await(Future<R> future, T item, Function<T, String> itemKey,
      BiFunction<T, String, R> failed) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      LOG.error("{}: unexpected failure", itemKey.apply(item), e.getCause());
      return failed.apply(item, "unexpected failure: " + Failures.describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed.apply(item, "interrupted");
    }
  }
}
