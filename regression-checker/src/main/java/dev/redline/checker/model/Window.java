package dev.redline.checker.model;

/**
 * One second of a Gatling run for one request name ({@code "*"} for all requests together).
 *
 * @param request request name, or {@code "*"} for the whole run
 * @param epochSecond start of the second, Unix seconds
 * @param requests requests that ended in this second
 * @param ok of which succeeded
 * @param ko of which failed
 * @param p95Ms exact 95th percentile of the ok response times in this second, ms (NaN when none)
 * @param activeUsers virtual users active in this second
 */
public record Window(
    String request,
    long epochSecond,
    long requests,
    long ok,
    long ko,
    double p95Ms,
    long activeUsers) {}
