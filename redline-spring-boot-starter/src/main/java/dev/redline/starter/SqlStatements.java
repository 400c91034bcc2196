package dev.redline.starter;

import java.util.List;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;

/**
 * Counts the SQL statements executed on the current thread: one per {@code execute*} call on a
 * statement (a batch counts once: it is one round trip). {@link RequestCostFilter} reads the count
 * before and after a request. Plain counting on a thread-local {@code long[1]}: no allocation per
 * statement.
 */
public final class SqlStatements implements QueryExecutionListener {

  private static final ThreadLocal<long[]> COUNT = ThreadLocal.withInitial(() -> new long[1]);

  /** Statements executed on this thread since it started. */
  static long count() {
    return COUNT.get()[0];
  }

  @Override
  public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
    // Counted once it ran (failed statements are round trips too).
  }

  @Override
  public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
    COUNT.get()[0]++;
  }
}
