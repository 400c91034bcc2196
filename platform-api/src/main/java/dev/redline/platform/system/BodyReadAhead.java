package dev.redline.platform.system;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an API request's body before any other filter or controller sees the request, without
 * holding a request thread while the bytes arrive: the body is read with the Servlet non-blocking
 * API ({@link ReadListener}) into memory, and only when it is complete is the request dispatched
 * (an ASYNC dispatch) through the rest of the chain, which then sees an ordinary request whose body
 * is already in memory.
 *
 * <p>Why: a blocking read holds a request thread for as long as the client takes to send the body.
 * 150 clients announcing a 100 KB body and sending 8 bytes held all 100 threads, so even requests
 * without a body waited (and Tomcat drains an unread body after a 401 or 413 on the same thread).
 * Here a slow body costs a socket and its bytes so far, never a thread.
 *
 * <p>Limits: the whole body must arrive within {@code bodyTimeout} (else 408, connection closed); a
 * body over {@code maxBytes} gets 413 as soon as its Content-Length, or the bytes read, say so; the
 * bodies being read at one moment may hold at most {@code budgetBytes} of memory together (else 503
 * with Retry-After). Each of these closes the connection without draining the rest.
 *
 * <p>Downstream the request reports {@link DispatcherType#REQUEST}: for the application this is the
 * request's one and only dispatch, merely started once its body was in. (Filters skip ASYNC
 * dispatches by default, and they have not yet seen this request.)
 */
final class BodyReadAhead implements Filter {

  private static final Logger log = LoggerFactory.getLogger(BodyReadAhead.class);
  private static final String BODY = BodyReadAhead.class.getName() + ".body";

  private final long maxBytes;
  private final long timeoutMillis;
  private final long budgetBytes;
  private final ProblemWriter problems;
  private final AtomicLong buffered = new AtomicLong();

  BodyReadAhead(long maxBytes, Duration bodyTimeout, long budgetBytes, ProblemWriter problems) {
    this.maxBytes = maxBytes;
    this.timeoutMillis = bodyTimeout.toMillis();
    this.budgetBytes = budgetBytes;
    this.problems = problems;
  }

  /** Bytes of bodies held in memory right now (being read, or read and being handled). */
  long bufferedBytes() {
    return buffered.get();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    if (req.getDispatcherType() == DispatcherType.ASYNC
        && req.getAttribute(BODY) instanceof Body body) {
      req.removeAttribute(BODY);
      try {
        chain.doFilter(new BufferedRequest(req, body), response);
      } finally {
        body.release();
      }
      return;
    }
    if (req.getDispatcherType() != DispatcherType.REQUEST || !hasBody(req)) {
      chain.doFilter(request, response);
      return;
    }
    AsyncContext async = req.startAsync();
    async.setTimeout(timeoutMillis);
    Body body = new Body(async, req.getInputStream(), (HttpServletResponse) response);
    async.addListener(body);
    // From here on the stream is non-blocking, including Tomcat's drain of an unread rest.
    body.in.setReadListener(body);
    if (req.getContentLengthLong() > maxBytes) {
      body.reject(new BodyTooLargeException(maxBytes).problem(), Map.of());
    }
  }

  private boolean hasBody(HttpServletRequest req) {
    // Every path: a slow body to a path no route serves would hold a thread as long (Tomcat reads
    // the rest of it after the 401 or 404).
    if (!req.isAsyncSupported()) {
      return false;
    }
    if (req.getContentLengthLong() > 0) {
      return true;
    }
    String te = req.getHeader("Transfer-Encoding");
    return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
  }

  /** One body being read: its bytes so far, and the one way it ends (dispatch or rejection). */
  private final class Body implements ReadListener, AsyncListener {
    final AsyncContext async;
    final ServletInputStream in;
    final HttpServletResponse response;
    final String uri;
    final long started = System.nanoTime();
    final AtomicBoolean ended = new AtomicBoolean();
    final AtomicBoolean released = new AtomicBoolean();
    byte[] bytes;
    int length;

    Body(AsyncContext async, ServletInputStream in, HttpServletResponse response) {
      this.async = async;
      this.in = in;
      this.response = response;
      this.uri = ((HttpServletRequest) async.getRequest()).getRequestURI();
      // Sized by what arrives, not by what is announced: an announcement costs a client nothing.
      long declared = ((HttpServletRequest) async.getRequest()).getContentLengthLong();
      this.bytes = new byte[(int) (declared > 0 ? Math.min(declared, 8192) : 1024)];
    }

    @Override
    public void onDataAvailable() throws IOException {
      byte[] chunk = new byte[8192];
      while (!ended.get() && in.isReady()) {
        int n = in.read(chunk);
        if (n < 0) {
          return; // onAllDataRead follows
        }
        if ((long) length + n > maxBytes) {
          reject(new BodyTooLargeException(maxBytes).problem(), Map.of());
          return;
        }
        if (buffered.addAndGet(n) > budgetBytes) {
          buffered.addAndGet(-n);
          log.warn(
              "Request bodies in memory reached {} bytes; answering 503 to {}", budgetBytes, uri);
          reject(
              Problem.of(
                  503,
                  "busy",
                  "Service busy",
                  "Too many request bodies are arriving at once; retry shortly"),
              Map.of("Retry-After", "1"));
          return;
        }
        if (length + n > bytes.length) {
          bytes = Arrays.copyOf(bytes, (int) Math.min(maxBytes + 1, (length + n) * 2L));
        }
        System.arraycopy(chunk, 0, bytes, length, n);
        length += n;
      }
    }

    @Override
    public void onAllDataRead() {
      if (ended.compareAndSet(false, true)) {
        async.getRequest().setAttribute(BODY, this);
        async.dispatch();
      }
    }

    @Override
    public void onError(Throwable t) {
      // The client went away or a read timed out (connection-timeout without a byte).
      if (ended.compareAndSet(false, true)) {
        release();
        timeoutOrClose();
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      if (ended.compareAndSet(false, true)) {
        release();
        timeoutOrClose();
      }
    }

    @Override
    public void onError(AsyncEvent event) {
      if (ended.compareAndSet(false, true)) {
        release();
        complete();
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {
      release();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // Not restarted by us.
    }

    private void timeoutOrClose() {
      long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
      write(
          Problem.of(
              408,
              "request-timeout",
              "Request timeout",
              "The request body did not arrive within "
                  + Duration.ofMillis(timeoutMillis).toSeconds()
                  + " s (waited "
                  + seconds
                  + " s, got "
                  + length
                  + " bytes)"),
          Map.of());
      complete();
    }

    void reject(Problem problem, Map<String, String> headers) {
      if (ended.compareAndSet(false, true)) {
        release();
        write(problem, headers);
        complete();
      }
    }

    private void write(Problem problem, Map<String, String> headers) {
      try {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Connection", "close");
        problems.write(response, problem.withInstance(uri), all);
      } catch (IOException | RuntimeException e) {
        // The client is gone; closing is all that is left.
      }
    }

    private void complete() {
      try {
        async.complete();
      } catch (IllegalStateException e) {
        // Already completed by the container after an error.
      }
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        buffered.addAndGet(-length);
      }
    }
  }

  /** The request as the application sees it: its body in memory, in its one REQUEST dispatch. */
  private static final class BufferedRequest extends HttpServletRequestWrapper {
    private final byte[] bytes;
    private final int length;

    BufferedRequest(HttpServletRequest req, Body body) {
      super(req);
      this.bytes = body.bytes;
      this.length = body.length;
    }

    @Override
    public DispatcherType getDispatcherType() {
      return DispatcherType.REQUEST;
    }

    @Override
    public int getContentLength() {
      return length;
    }

    @Override
    public long getContentLengthLong() {
      return length;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream data = new ByteArrayInputStream(bytes, 0, length);
      return new ServletInputStream() {
        @Override
        public int read() {
          return data.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return data.read(b, off, len);
        }

        @Override
        public int available() {
          return data.available();
        }

        @Override
        public boolean isFinished() {
          return data.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          try {
            listener.onDataAvailable();
            listener.onAllDataRead();
          } catch (IOException e) {
            listener.onError(e);
          }
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String enc = getCharacterEncoding();
      Charset cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
      return new BufferedReader(new InputStreamReader(getInputStream(), cs));
    }
  }
}
