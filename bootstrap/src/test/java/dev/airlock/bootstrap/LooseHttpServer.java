package dev.airlock.bootstrap;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain-socket HTTP/1.1 server on loopback that serves fixed bodies by path and keeps connections
 * open, and can break the protocol as some servers do: {@code extra} bytes sent after each body,
 * beyond its Content-Length. Records every request line it read.
 */
final class LooseHttpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, byte[]> bodies;
  private final byte[] extra;
  private final List<String> requestLines = new CopyOnWriteArrayList<>();

  LooseHttpServer(Map<String, byte[]> bodies, byte[] extra) throws IOException {
    this.bodies = Map.copyOf(bodies);
    this.extra = extra.clone();
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(this::accept);
  }

  /** {@code 127.0.0.1:port}, for {@code --allow-host}. */
  String hostPort() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /** The request lines read, such as {@code GET /a-1.0.tar.gz HTTP/1.1}. */
  List<String> requestLines() {
    return List.copyOf(requestLines);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        threads.submit(() -> serve(connection));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket connection) {
    try (connection; InputStream in = new BufferedInputStream(connection.getInputStream());
        OutputStream out = connection.getOutputStream()) {
      String head;
      while ((head = readHead(in)) != null) {
        String requestLine = head.lines().findFirst().orElse("");
        requestLines.add(requestLine);
        String path = requestLine.split(" ").length > 1 ? requestLine.split(" ")[1] : "/";
        path = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        byte[] body = bodies.get(path);
        if (body == null) {
          out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
          ByteArrayOutputStream response = new ByteArrayOutputStream();
          response.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: application/gzip\r\nContent-Length: " + body.length
              + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          response.writeBytes(body);
          response.writeBytes(extra);
          out.write(response.toByteArray());
        }
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** The request's line and headers, or null at the end of the connection. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.US_ASCII);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
    threads.shutdownNow();
  }
}
