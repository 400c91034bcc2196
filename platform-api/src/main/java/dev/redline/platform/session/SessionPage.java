package dev.redline.platform.session;

import java.util.List;

/** {@code next_cursor} is null on the last page; {@code offset} is 0 in cursor mode. */
public record SessionPage(
    List<SessionListItem> items, long total, int limit, int offset, String nextCursor) {}
