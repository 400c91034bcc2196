package dev.redline.platform;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not send: a request
 * target that is not a valid URI ({@code ?cursor=%ZZ}), or a chunked body that goes on after the
 * server has answered. The response is read while the body is still being written, so an early
 * answer (413) is seen even if the server then closes the connection.
 */
public final class RawHttp {

  private RawHttp() {}

  /** {@code GET target} with a bearer token; the target goes on the wire exactly as given. */
  public static ApiIT.Res get(int port, String target, String token) {
    return exchange(
        port,
        "GET "
            + target
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + token
            + "\r\n"
            + "Connection: close\r\n\r\n",
        null,
        0);
  }

  /**
   * {@code method path} with a chunked JSON body: {@code first} as one chunk, then {@code count}
   * chunks of {@code chunk}, then the last chunk; writing stops once the server answers or closes.
   */
  public static ApiIT.Res chunked(
      int port,
      String method,
      String path,
      String token,
      Map<String, String> headers,
      String first,
      byte[] chunk,
      int count) {
    StringBuilder head =
        new StringBuilder(method)
            .append(' ')
            .append(path)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ")
            .append(token)
            .append("\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    byte[] f = first.getBytes(StandardCharsets.UTF_8);
    head.append(Integer.toHexString(f.length)).append("\r\n");
    return exchange(port, head + new String(f, StandardCharsets.ISO_8859_1) + "\r\n", chunk, count);
  }

  private static ApiIT.Res exchange(int port, String head, byte[] chunk, int count) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread writer = null;
      if (chunk != null) {
        writer =
            new Thread(
                () -> {
                  try {
                    byte[] size =
                        (Integer.toHexString(chunk.length) + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < count && !Thread.currentThread().isInterrupted(); i++) {
                      out.write(size);
                      out.write(chunk);
                      out.write(new byte[] {'\r', '\n'});
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                  } catch (IOException e) {
                    // The server answered and closed: expected for a refused body.
                  }
                },
                "raw-http-body");
        writer.setDaemon(true);
        writer.start();
      }
      try {
        return read(s.getInputStream());
      } finally {
        if (writer != null) {
          writer.interrupt();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ApiIT.Res read(InputStream in) throws IOException {
    String status = line(in);
    int code = Integer.parseInt(status.split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers
          .computeIfAbsent(l.substring(0, colon).trim(), k -> new ArrayList<>())
          .add(l.substring(colon + 1).trim());
    }
    ApiIT.Res partial = new ApiIT.Res(code, headers, "");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (partial.header("Content-Length") != null) {
      body.write(in.readNBytes(Integer.parseInt(partial.header("Content-Length"))));
    } else if ("chunked".equalsIgnoreCase(partial.header("Transfer-Encoding"))) {
      for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; ) {
        body.write(in.readNBytes(n));
        line(in);
        n = Integer.parseInt(line(in).trim(), 16);
      }
    } else {
      body.write(in.readAllBytes());
    }
    return new ApiIT.Res(code, headers, body.toString(StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed mid-line: " + b);
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }
}
