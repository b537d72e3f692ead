package io.promsdk.httpserver;

import io.promsdk.httpserver.NioConnection.State;
import io.promsdk.exporter.common.ScrapeExchange;
import io.promsdk.exporter.common.ScrapeResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The default engine: a small HTTP/1.1 (and HTTPS, see {@link TlsChannel}) server on {@code
 * java.nio}, so that slow or idle clients cannot take the threads that run scrapes.
 *
 * <p>One <b>selector thread</b> accepts connections and reads request heads without blocking,
 * each into a buffer of at most {@link RequestHeadParser#MAX_HEAD_BYTES}, within the header-read
 * deadline; it answers everything that runs no collector itself ({@code /-/healthy}, {@code 401},
 * {@code 404}, {@code 405}, {@code 4xx} for bad requests, {@code 503}), so those never wait behind
 * a scrape. Only a complete {@code GET}/{@code HEAD} of the metrics path goes to a <b>worker</b>
 * (the bounded pool, or the caller's executor), which runs the scrape and writes the response
 * itself (see {@link ChannelOutput}), then hands the connection back.
 *
 * <p><b>Hand-off invariants</b> (what makes the selector/worker split safe without locks):
 *
 * <ol>
 *   <li>A connection is owned by exactly one thread at a time. In state {@link State#RESPONDING}
 *       it belongs to the one worker serving it; in every other state to the selector thread.
 *       Only the owner reads or writes the channel and the connection's fields.
 *   <li>The selector moves a connection to {@code RESPONDING} and sets its interest to none
 *       <em>before</em> {@code execute}; from then on it does not read the channel, write it,
 *       time it out or evict it (sweeps and eviction skip {@code RESPONDING}). So a worker is
 *       never raced for the channel, and pipelined bytes stay unread in the socket.
 *   <li>A worker touches only the channel and its {@link TlsChannel} (writing) and, last of all,
 *       the two hand-back fields;
 *       then it puts the connection on {@link #handedBack} and wakes the selector. The queue's
 *       put/poll is the happens-before edge that gives the connection back: the selector reads
 *       the hand-back fields only after polling it, and only then touches the connection again.
 *   <li>Interest ops, selection keys, the set of open connections and the buffer accounting are
 *       changed on the selector thread only, so {@code select} is never raced by a
 *       {@code register} or {@code interestOps} from another thread.
 *   <li>The one exception: when the server stops, the selector thread closes every channel, also
 *       those of connections in {@code RESPONDING}; their worker's next write fails, and it hands
 *       the connection back to a selector that no longer looks.
 * </ol>
 */
final class NioEngine implements ServerEngine {
  /** How often deadlines are checked; a deadline is kept to within this. */
  private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** How long a connection is drained after the server's last response before it is closed. */
  private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How long accepting pauses when accept fails (e.g. out of file descriptors). */
  private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** How long close() waits at least for the selector thread to stop, past the deadline if need be. */
  private static final long SELECTOR_STOP_MILLIS = 100;
  /** Connections accepted per wake-up, so that a flood of connects cannot starve reads. */
  private static final int ACCEPTS_PER_ROUND = 64;
  /**
   * The most bytes all connections together may buffer: incomplete request heads, and the TLS
   * buffers (about 50 KiB a connection); past it connections are closed in the order of {@link
   * #evictLongestWaiting}.
   */
  static final long MAX_BUFFERED_HEAD_BYTES = 16L * 1024 * 1024;
  private static final int INITIAL_HEAD_BUFFER = 512;
  /** A kept-alive connection keeps a head buffer up to this size between requests. */
  private static final int RETAINED_HEAD_BUFFER = 1024;
  /**
   * The listen backlog when the builder leaves it at 0. Java's own default of 50 overflows when
   * many clients connect at once (each overflow costs a client a 1 s SYN retransmit); the system
   * caps this at {@code net.core.somaxconn}.
   */
  static final int DEFAULT_BACKLOG = 1024;

  private static final System.Logger LOG = System.getLogger(HTTPServer.class.getName());

  private final ServerSocketChannel listener;
  private final SelectionKey listenerKey;
  private final Selector selector;
  private final InetSocketAddress address;
  private final ExporterRoutes routes;
  private final CredentialAuthenticator credentials;
  private final SSLContext tlsContext;
  private final boolean needClientAuth;
  private final ScrapeLane scrapeLane;
  private final Executor workers;
  private final ExecutorService ownPool;
  private final long headerReadNanos;
  private final long idleNanos;
  private final long writeNanos;
  private final int maxConnections;
  private final Thread selectorThread;
  private final ConcurrentLinkedQueue<NioConnection> handedBack = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopping;

  // Selector thread only:
  private final Set<NioConnection> open = new HashSet<>();
  private final ArrayDeque<NioConnection> toParse = new ArrayDeque<>();
  private final List<NioConnection> expired = new ArrayList<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);
  private long bufferedHeadBytes;
  private long lastSweep = System.nanoTime();
  private long acceptPausedUntil;
  private final RateLimitedWarning acceptFailures = new RateLimitedWarning();
  private final RateLimitedWarning evictions = new RateLimitedWarning();
  private final RateLimitedWarning executorFailures = new RateLimitedWarning();

  /**
   * Binds {@code bindAddress} and starts the selector thread.
   *
   * @param tls the HTTPS context, or null for plain HTTP
   * @param needClientAuth with HTTPS, whether clients must present a trusted certificate
   * @param credentials basic or bearer credentials every request must carry, or null
   * @param scrapeLane answers a scrape on a worker thread, through the exchange it is given
   * @param workers runs scrapes; must not block in {@code execute} nor run the task itself
   * @param ownPool {@code workers} if the server owns it (shut down on close), else null
   * @throws BindException if the address is taken (the JDK's message, which names no address;
   *     {@link HTTPServer} adds it)
   */
  NioEngine(InetSocketAddress bindAddress, int backlog, SSLContext tls, boolean needClientAuth, ExporterRoutes routes,
      CredentialAuthenticator credentials,
      ScrapeLane scrapeLane, Executor workers, ExecutorService ownPool,
      ConnectionLimits limits, String threadName) throws IOException {
    this.routes = routes;
    this.tlsContext = tls;
    this.needClientAuth = needClientAuth;
    this.credentials = credentials;
    this.scrapeLane = scrapeLane;
    this.workers = workers;
    this.ownPool = ownPool;
    this.headerReadNanos = limits.headerReadTimeout().toNanos();
    this.idleNanos = limits.idleTimeout().toNanos();
    this.writeNanos = limits.writeTimeout().toNanos();
    this.maxConnections = limits.maxConnections();
    this.selector = Selector.open();
    this.listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(bindAddress, backlog == 0 ? DEFAULT_BACKLOG : backlog); // HTTPServer names the address.
      listener.configureBlocking(false);
      listenerKey = listener.register(selector, SelectionKey.OP_ACCEPT);
      address = (InetSocketAddress) listener.getLocalAddress();
    } catch (IOException | RuntimeException e) {
      closeQuietly(listener);
      closeQuietly(selector);
      throw e;
    }
    selectorThread = new Thread(this::run, threadName);
    selectorThread.setDaemon(true);
    selectorThread.start();
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public boolean isHttps() {
    return tlsContext != null;
  }

  /** Requests handed to a worker and not handed back yet. */
  int inFlight() {
    return inFlight.get();
  }

  @Override
  public boolean close(long deadlineNanos) {
    // The routes answer 503 from now on (HTTPServer.close); the selector keeps accepting until it stops.
    boolean interrupted = DaemonExecutors.drain(inFlight::get, ownPool, deadlineNanos);
    stopping = true;
    selector.wakeup();
    try {
      // Within the caller's deadline: a free selector stops at once; one held (e.g. by an executor
      // whose execute blocks) is not waited for past it. At least a moment, for the free one.
      long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      selectorThread.join(Math.max(leftMillis, SELECTOR_STOP_MILLIS));
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (selectorThread.isAlive()) {
      // Closing the listener from here would not free the port either: a channel registered with a
      // selector is really closed only when that selector deregisters it.
      LOG.log(Level.WARNING, "{0}: the selector thread is still busy at the close deadline (a thread"
          + " dump shows where; an executor whose execute blocks holds it); the port and connections are"
          + " released when it comes free", address);
    }
    return interrupted;
  }

  // ---- selector thread ----

  private void run() {
    try {
      while (!stopping) {
        selector.select(this::ready, TimeUnit.NANOSECONDS.toMillis(SWEEP_NANOS));
        takeBackFromWorkers();
        NioConnection c;
        while ((c = toParse.poll()) != null) {
          guarded(c, conn -> {
            if (conn.state != State.READING) {
              return; // Queued twice, and answered by the first: a worker may own it now (invariant 2).
            }
            if (conn.tls != null && conn.tls.hasBufferedInput()) {
              read(conn); // Decrypts what is buffered, then parses.
            } else {
              parse(conn);
            }
          });
        }
        long now = System.nanoTime();
        if (now - lastSweep >= SWEEP_NANOS) {
          lastSweep = now;
          sweep(now);
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      LOG.log(Level.ERROR, "the HTTP server's selector failed; the server stops serving " + address, e);
    } finally {
      stopping = true;
      for (NioConnection c : open) {
        closeQuietly(c.channel);
      }
      open.clear();
      closeQuietly(listener);
      closeQuietly(selector);
    }
  }

  private interface ConnectionStep {
    void run(NioConnection c) throws IOException;
  }

  /** Runs a step for one connection; what goes wrong there closes that connection, not the server. */
  private void guarded(NioConnection c, ConnectionStep step) {
    try {
      step.run(c);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "connection failed", e);
      close(c);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "request failed; connection closed", e);
      close(c);
    }
  }

  private void ready(SelectionKey key) {
    if (key == listenerKey) {
      acceptAll();
      return;
    }
    NioConnection c = (NioConnection) key.attachment();
    guarded(c, conn -> {
      if (!key.isValid()) {
        close(conn);
      } else if (key.isWritable()) {
        if (conn.state == State.WRITING) {
          writePending(conn);
        } else {
          flushHandshake(conn);
        }
      } else if (key.isReadable()) {
        read(conn);
      }
    });
  }

  private void acceptAll() {
    for (int i = 0; i < ACCEPTS_PER_ROUND; i++) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (IOException e) {
        pauseAccepting(e);
        return;
      }
      if (channel == null) {
        return;
      }
      if (open.size() >= maxConnections && !evictLongestWaiting(null)) {
        closeQuietly(channel); // Every connection is being answered: no room for another.
        continue;
      }
      NioConnection c = new NioConnection(channel);
      try {
        channel.configureBlocking(false);
        // Each response goes out at once: with Nagle's algorithm a kept-alive response waits
        // for the client's delayed ACK, ~40 ms. Per socket, so no other server is affected.
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (tlsContext != null) {
          c.tls = new TlsChannel(channel, tlsContext, needClientAuth);
        }
        c.key = channel.register(selector, SelectionKey.OP_READ, c);
      } catch (IOException | RuntimeException e) {
        closeQuietly(channel);
        continue;
      }
      long now = System.nanoTime();
      c.deadline = now + headerReadNanos; // A TLS handshake, too, must be done by then.
      c.lastProgress = now;
      open.add(c);
      if (c.tls != null) {
        chargeBuffers(c, c.tls.bufferBytes());
      }
    }
  }

  /** Accept failed, e.g. out of file descriptors: stop trying for a moment rather than spin. */
  private void pauseAccepting(IOException e) {
    long now = System.nanoTime();
    acceptPausedUntil = now + ACCEPT_PAUSE_NANOS;
    listenerKey.interestOps(0);
    long failures = acceptFailures.occurred();
    if (failures > 0) {
      LOG.log(Level.WARNING, "cannot accept connections on " + address + " (" + e + "; " + failures
          + " time(s) since the last warning); pausing accepts briefly. Is the process out of file"
          + " descriptors (ulimit -n)?");
    }
  }

  private void read(NioConnection c) throws IOException {
    ByteBuffer buffer = readBuffer;
    buffer.clear();
    if (c.state == State.READING) {
      buffer.limit(Math.min(buffer.capacity(), RequestHeadParser.MAX_HEAD_BYTES - c.size));
    }
    int n = c.tls == null || c.state != State.READING ? c.channel.read(buffer) : readTls(c.tls, buffer);
    if (c.tls != null && c.state == State.READING && c.tls.hasPendingOutput()) {
      c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE); // Handshake bytes to send.
    }
    if (n < 0) {
      close(c);
      return;
    }
    if (n == 0 || c.state != State.READING) {
      return; // DRAINING: what the client still sends is dropped.
    }
    long now = System.nanoTime();
    if (c.idle) {
      c.idle = false;
      c.deadline = now + headerReadNanos; // The next request's head is due from its first byte.
    }
    c.lastProgress = now;
    buffer.flip();
    ensureHeadCapacity(c, c.size + n);
    buffer.get(c.head, c.size, n);
    c.size += n;
    parse(c);
    if (c.state == State.READING && c.tls != null && c.tls.hasBufferedInput()
        && c.size < RequestHeadParser.MAX_HEAD_BYTES) {
      // The read buffer filled up before the TLS layer was empty. Those bytes are no longer in the
      // socket, so the selector will not report them: go on from the loop (no recursion per record).
      toParse.add(c);
    }
  }

  /** Decrypts into {@code buffer} all that has arrived, as far as it has room; -1 at the end. */
  private static int readTls(TlsChannel tls, ByteBuffer buffer) throws IOException {
    int total = 0;
    while (buffer.hasRemaining()) {
      int n = tls.read(buffer);
      if (n <= 0) {
        return total == 0 ? n : total;
      }
      total += n;
    }
    return total;
  }

  /** The socket takes bytes again: send the rest of a TLS handshake's, and go on with it. */
  private void flushHandshake(NioConnection c) throws IOException {
    if (c.tls == null || c.tls.flush()) {
      c.key.interestOps(SelectionKey.OP_READ);
      if (c.tls != null && c.state == State.READING) {
        read(c);
      }
    }
  }

  private void ensureHeadCapacity(NioConnection c, int needed) {
    int capacity = c.head == null ? 0 : c.head.length;
    if (needed <= capacity) {
      return;
    }
    int grown = Math.min(RequestHeadParser.MAX_HEAD_BYTES,
        Math.max(needed, Math.max(INITIAL_HEAD_BUFFER, 2 * capacity)));
    byte[] head = new byte[grown];
    if (c.size > 0) {
      System.arraycopy(c.head, 0, head, 0, c.size);
    }
    c.head = head;
    chargeBuffers(c, grown - capacity);
  }

  /** Counts {@code bytes} more of buffers for {@code c}, and makes room if past the budget. */
  private void chargeBuffers(NioConnection c, long bytes) {
    bufferedHeadBytes += bytes;
    while (bufferedHeadBytes > MAX_BUFFERED_HEAD_BYTES && evictLongestWaiting(c)) {
      // Each round closes one connection, the slowest head first (see evictLongestWaiting).
    }
  }

  private void releaseHead(NioConnection c) {
    if (c.head != null) {
      bufferedHeadBytes -= c.head.length;
      c.head = null;
    }
    c.size = 0;
    c.scanned = 0;
  }

  /** Looks for a complete head in what {@code c} has received, and answers it. */
  private void parse(NioConnection c) throws IOException {
    if (c.state != State.READING || c.size == 0) {
      return;
    }
    int end = RequestHeadParser.headEnd(c.head, c.scanned, c.size);
    if (end < 0) {
      c.scanned = c.size;
      RequestHeadParser.Rejection tooLarge = RequestHeadParser.overLimit(c.head, c.size);
      if (tooLarge != null) {
        reject(c, tooLarge);
      }
      return;
    }
    RequestHead head;
    try {
      head = RequestHeadParser.parse(c.head, end);
    } catch (RequestHeadParser.Rejection e) {
      reject(c, e);
      return;
    }
    // Keep what follows the head: the start of a pipelined request.
    System.arraycopy(c.head, end, c.head, 0, c.size - end);
    c.size -= end;
    c.scanned = 0;
    dispatch(c, head);
  }

  private void reject(NioConnection c, RequestHeadParser.Rejection rejection) throws IOException {
    answerHere(c, new BufferedAnswer(), exchange -> routes.text("GET", rejection.status, rejection.getMessage(), exchange), false, true,
        null);
  }

  private void dispatch(NioConnection c, RequestHead head) throws IOException {
    boolean close = !head.reusable();
    long start = routes.requestStarted();
    boolean authorized = credentials == null || credentials.accepts(head.authorization());
    if (!routes.isClosing() && authorized && routes.isScrape(head.method(), head.rawPath())) {
      handOff(c, head, close, start); // the worker tells the listener
      return;
    }
    BufferedAnswer answer = new BufferedAnswer();
    Throwable failure = null;
    try {
      if (routes.isClosing()) {
        answerHere(c, answer, exchange -> routes.shuttingDown(head.method(), exchange), head.http10(), true, null);
      } else if (!authorized) {
        answerHere(c, answer, exchange -> routes.text(head.method(), 401, "Unauthorized.", exchange), head.http10(),
            close, "WWW-Authenticate: " + credentials.challenge() + "\r\n");
      } else {
        answerHere(c, answer, exchange -> routes.answer(head.rawPath(), head, exchange), head.http10(), close, null);
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      routes.requestFinished(start, head.method(), head.rawPath(), answer.status(), failure, answer.bodyBytes());
    }
  }

  /** An answer given on the selector thread, through the exchange it is handed. */
  @FunctionalInterface
  private interface SelectorAnswer {
    void send(ScrapeExchange exchange) throws IOException;
  }

  /**
   * Answers on the selector thread: the answer runs no collector and is small. {@code buffered}
   * collects it (the caller reads its status afterwards).
   */
  private void answerHere(NioConnection c, BufferedAnswer buffered, SelectorAnswer answer, boolean http10,
      boolean close, String extraHeaders) throws IOException {
    answer.send(buffered);
    ScrapeResponseHead response = buffered.head;
    if (response == null) {
      throw new IllegalStateException("an answer without a response");
    }
    ByteArrayOutputStream out = buffered.body;
    long length = response.isHead() ? response.contentLength() : out.size();
    ResponseHead.Framing framing = ResponseHead.Framing.of(length, http10);
    byte[] head = ResponseHead.render(response, length, framing, close, extraHeaders);
    byte[] bytes = new byte[head.length + out.size()];
    System.arraycopy(head, 0, bytes, 0, head.length);
    System.arraycopy(out.toByteArray(), 0, bytes, head.length, out.size());
    close |= framing != ResponseHead.Framing.LENGTH;
    c.state = State.WRITING;
    c.pending = ByteBuffer.wrap(bytes);
    c.closeAfterPending = close;
    c.deadline = System.nanoTime() + writeNanos;
    writePending(c);
  }

  /**
   * Collects a small answer in memory, so that the selector thread can write it without
   * blocking; its head is rendered once the body's length is known.
   */
  private static final class BufferedAnswer implements ScrapeExchange {
    final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    ScrapeResponseHead head;

    @Override
    public OutputStream commit(ScrapeResponse response) {
      head = ScrapeResponseHead.copyOf(response);
      return body;
    }

    /** The status answered; 500 if none was (the answer failed). */
    int status() {
      return head == null ? 500 : head.status();
    }

    /** The body's length, 0 for HEAD; -1 if nothing was answered. */
    long bodyBytes() {
      return head == null ? -1 : body.size();
    }
  }

  private void writePending(NioConnection c) throws IOException {
    int before = c.pending.remaining();
    if (c.tls == null) {
      c.channel.write(c.pending);
    } else {
      while (c.pending.hasRemaining() && c.tls.write(c.pending) > 0) {
        // One TLS record at a time, while the socket takes them.
      }
    }
    if (c.pending.remaining() < before) {
      c.deadline = System.nanoTime() + writeNanos; // The write timeout counts time without progress.
    }
    if (c.pending.hasRemaining() || (c.tls != null && !c.tls.flush())) {
      c.key.interestOps(SelectionKey.OP_WRITE);
      return;
    }
    c.pending = null;
    if (c.closeAfterPending) {
      linger(c);
    } else {
      resumeReading(c);
    }
  }

  /** Waits for the next request on a kept-alive connection, or parses one already received. */
  private void resumeReading(NioConnection c) {
    long now = System.nanoTime();
    c.state = State.READING;
    c.key.interestOps(SelectionKey.OP_READ);
    c.lastProgress = now;
    if (c.size > 0 || (c.tls != null && c.tls.hasBufferedInput())) {
      c.idle = c.size == 0;
      c.deadline = now + (c.idle ? idleNanos : headerReadNanos);
      toParse.add(c); // From the loop, not from here: a burst of pipelined requests must not recurse.
    } else {
      c.idle = true;
      c.deadline = now + idleNanos;
      if (c.head != null && c.head.length > RETAINED_HEAD_BUFFER) {
        releaseHead(c);
      }
    }
  }

  /**
   * Closes a connection the server has answered for the last time without losing that answer:
   * closing with unread request bytes in the socket would reset the connection, and a reset can
   * discard the answer before the client reads it. So: shut down output (the client sees the end
   * of the answer), then read and drop what the client still sends, for at most {@link
   * #LINGER_NANOS}.
   */
  private void linger(NioConnection c) throws IOException {
    releaseHead(c);
    c.state = State.DRAINING;
    c.deadline = System.nanoTime() + LINGER_NANOS;
    if (c.tls != null) {
      try {
        c.tls.closeOutbound(); // close_notify, if the socket takes it now; a client needs none.
      } catch (IOException ignored) {
        // The client is gone or broken; shutting down output is all that is left.
      }
    }
    c.channel.shutdownOutput();
    c.key.interestOps(SelectionKey.OP_READ);
  }

  /** Hands a scrape to a worker, or answers 503 here if none takes it; {@code start}: the listener's. */
  private void handOff(NioConnection c, RequestHead head, boolean close, long start) throws IOException {
    c.state = State.RESPONDING; // Invariant 2: before execute, the worker owns it from here.
    c.key.interestOps(0);
    inFlight.incrementAndGet();
    try {
      workers.execute(() -> respond(c, head, close, start));
    } catch (RuntimeException e) {
      // The task never ran: the connection is still ours, and it is not in flight.
      inFlight.decrementAndGet();
      c.state = State.READING;
      long failures = e instanceof RejectedExecutionException ? 0 : executorFailures.occurred();
      if (failures > 0) {
        LOG.log(Level.WARNING, "the executor failed to take a scrape (its execute should only ever throw"
            + " RejectedExecutionException); answered 503, " + failures + " time(s) since the last warning", e);
      }
      boolean closing = routes.isClosing(); // Its pool was shut down.
      BufferedAnswer answer = new BufferedAnswer();
      Throwable failure = null;
      try {
        answerHere(c, answer, exchange -> {
          if (closing) {
            routes.shuttingDown(head.method(), exchange);
          } else {
            routes.text(head.method(), 503, "Too many scrapes waiting; try again later.", exchange);
          }
        }, head.http10(), true, null);
      } catch (IOException | RuntimeException failed) {
        failure = failed;
        throw failed;
      } finally {
        routes.requestFinished(start, head.method(), head.rawPath(), answer.status(), failure, answer.bodyBytes());
      }
    }
  }

  private void takeBackFromWorkers() {
    NioConnection c;
    while ((c = handedBack.poll()) != null) {
      if (!c.channel.isOpen()) {
        close(c);
      } else if (c.abort) {
        abort(c);
      } else if (c.keepOpen) {
        resumeReading(c);
      } else {
        guarded(c, this::linger);
      }
    }
  }

  /** Closes connections past their deadline: slow or silent clients, and stuck answers. */
  private void sweep(long now) {
    for (NioConnection c : open) {
      if (c.state != State.RESPONDING && now - c.deadline >= 0) {
        expired.add(c);
      }
    }
    for (NioConnection c : expired) {
      close(c);
    }
    expired.clear();
    if (acceptPausedUntil != 0 && now - acceptPausedUntil >= 0) {
      acceptPausedUntil = 0;
      listenerKey.interestOps(SelectionKey.OP_ACCEPT);
    }
  }

  /**
   * Closes one connection, other than {@code keep}, to make room, in this order:
   *
   * <ol>
   *   <li>one still reading a request head (or TLS handshake), the one whose head started longest
   *       ago (at accept, or at the first byte of a later request). Not the one silent longest: a
   *       slow-header client sends a byte now and then to look fresh, and its head's age is what
   *       gives it away;
   *   <li>one draining after its last answer (it is closing anyway);
   *   <li>an idle kept-alive connection, the one idle longest: Prometheus' own connection waits
   *       here for up to a scrape interval, so it goes last.
   * </ol>
   *
   * None in {@code RESPONDING} or {@code WRITING}: a response is never cut for room.
   *
   * @return whether there was one
   */
  private boolean evictLongestWaiting(NioConnection keep) {
    NioConnection oldest = null;
    int oldestRank = 0;
    long oldestSince = 0;
    for (NioConnection c : open) {
      int rank = c == keep ? 0 : evictionRank(c);
      if (rank == 0) {
        continue;
      }
      // Reading a head: its deadline is its start plus headerReadNanos. Otherwise: its last answer or byte.
      long since = rank == 3 ? c.deadline - headerReadNanos : c.lastProgress;
      if (oldest == null || rank > oldestRank || (rank == oldestRank && since - oldestSince < 0)) {
        oldest = c;
        oldestRank = rank;
        oldestSince = since;
      }
    }
    if (oldest == null) {
      return false;
    }
    close(oldest);
    long evicted = evictions.occurred();
    if (evicted > 0) {
      LOG.log(Level.WARNING, "{0}: at the limit of {1} connections or {2} buffered header bytes; closed {3}"
          + " connection(s) since the last warning, those whose request head started longest ago first, idle"
          + " kept-alive ones last", address, maxConnections, MAX_BUFFERED_HEAD_BYTES, evicted);
    }
    return true;
  }

  /** 3: reading a head; 2: draining; 1: idle between requests; 0: mid-response, never evicted. */
  private static int evictionRank(NioConnection c) {
    if (c.state == State.READING) {
      return c.idle ? 1 : 3;
    }
    return c.state == State.DRAINING ? 2 : 0;
  }

  /** Closes at once with a reset, so that a cut response cannot look complete to the client. */
  private void abort(NioConnection c) {
    try {
      c.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException | RuntimeException ignored) {
      // Closed already: nothing more to cut.
    }
    close(c);
  }

  private void close(NioConnection c) {
    if (c.key != null) {
      c.key.cancel();
    }
    closeQuietly(c.channel);
    if (open.remove(c)) {
      releaseHead(c);
      if (c.tls != null) {
        bufferedHeadBytes -= c.tls.bufferBytes();
      }
    }
  }

  // ---- worker threads ----

  /** Runs the scrape and writes its response; then hands the connection back (invariant 3). */
  private void respond(NioConnection c, RequestHead head, boolean close, long start) {
    boolean keepOpen = false;
    boolean abort = true;
    Throwable failure = null;
    ChannelOutput out = ChannelOutput.forThisThread(c.channel, c.tls, writeNanos);
    WorkerExchange exchange = new WorkerExchange(out, head.http10(), close);
    try {
      scrapeLane.answer(head, exchange);
      if (!exchange.committed) {
        throw new IllegalStateException("the scrape lane sent no response");
      }
      out.finish();
      keepOpen = !exchange.closeAfter;
      abort = false;
    } catch (IOException | RuntimeException e) {
      failure = e;
      if (out.clientFailed()) {
        LOG.log(Level.DEBUG, "client went away during a response", e);
      } else {
        LOG.log(Level.WARNING, "response failed part way; connection aborted so that no client takes it as"
            + " complete", e);
      }
    } finally {
      try {
        routes.requestFinished(start, head.method(), head.rawPath(), exchange.committed ? exchange.status : 500,
            failure, exchange.bodyBytes);
      } finally {
        // Whatever the listener threw, the connection goes back (invariant 3) and is no longer in flight.
        out.release();
        c.keepOpen = keepOpen;
        c.abort = abort;
        inFlight.decrementAndGet();
        handedBack.add(c);
        selector.wakeup();
      }
    }
  }

  /**
   * A worker's response: {@link #commit} writes the head into the channel's output, in the
   * framing the body's length allows, and hands that output to the scrape for the body.
   */
  private static final class WorkerExchange implements ScrapeExchange {
    private final ChannelOutput out;
    private final boolean http10;
    private final boolean close;
    boolean committed;
    boolean closeAfter;
    int status;
    long bodyBytes = -1; // stated by the response: 0 for HEAD, -1 for a streamed body

    WorkerExchange(ChannelOutput out, boolean http10, boolean close) {
      this.out = out;
      this.http10 = http10;
      this.close = close;
    }

    @Override
    public OutputStream commit(ScrapeResponse response) throws IOException {
      committed = true;
      status = response.status();
      long length = response.contentLength();
      bodyBytes = response.isHead() ? 0 : length;
      ResponseHead.Framing framing = ResponseHead.Framing.of(length, http10);
      closeAfter = close || framing == ResponseHead.Framing.CLOSE;
      out.write(ResponseHead.render(response, length, framing, closeAfter, null));
      if (!response.isHead() && framing == ResponseHead.Framing.CHUNKED) {
        out.startChunks();
      }
      return out;
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // Closing is all that is left to do.
    }
  }
}
