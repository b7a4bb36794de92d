package dev.cairn.serving;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The HTTP server the model server and the local stand-ins of {@code cairn serve} run on: Netty reads and checks
 * requests on one I/O thread, each request's handler runs on a virtual thread.
 *
 * <p>What reaches a handler is a whole, well-formed request; the rest is answered here, always as
 * {@code {"error": "..."}} and never with Java's internals: headers over {@value #MAX_HEADER_BYTES} bytes in all
 * get 431, a request line over {@value #MAX_REQUEST_LINE_BYTES} bytes 414, a request target that is no URI
 * ({@code /models/%ZZ/predict}) or a malformed request 400, a body over the handler's limit 413. A handler that
 * throws gets a 500 naming a request id; the exception goes to standard error under that id.
 *
 * <p>Slow clients: a request must arrive within {@value #MAX_REQUEST_SECONDS} s and be answered within
 * {@value #MAX_RESPONSE_SECONDS} s, or its connection is closed; at most {@value #MAX_CONNECTIONS} connections are
 * open at once (more wait to be accepted). A connection costs a little memory while it waits, never a thread.
 */
public final class HttpServer implements AutoCloseable {
    /** Headers and body of a request must arrive within this (a client that sends half a request is cut off). */
    public static final long MAX_REQUEST_SECONDS = 30;
    /** A request read must be answered within this (SageMaker gives an invocation 60 s; the router calls it). */
    public static final long MAX_RESPONSE_SECONDS = 120;
    /** Open connections; more wait to be accepted. */
    public static final int MAX_CONNECTIONS = 1024;
    /** All headers of a request together; above API Gateway's 10 KB, so what the cloud passes passes here too. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** The request line (method, target, version); API Gateway's URL limit is 8 KB too. */
    public static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;
    /** After an error answer the connection drains what the client still sends for this long, so it reads the answer. */
    private static final long LINGER_SECONDS = 2;

    /** Answers one request; runs on a virtual thread of its own, so it may block. */
    @FunctionalInterface
    public interface Handler {
        HttpAnswer answer(HttpCall call) throws Exception;
    }

    /**
     * Bodies over {@code maxBytes} are refused before the handler sees them, with {@code answer} of their size
     * ("7340032 bytes" when declared, "over N bytes" when streamed).
     */
    public record BodyLimit(int maxBytes, Function<String, HttpAnswer> answer) {}

    private final Channel channel;
    private final EventLoopGroup io;
    private final ExecutorService handlers;

    private HttpServer(Channel channel, EventLoopGroup io, ExecutorService handlers) {
        this.channel = channel;
        this.io = io;
        this.handlers = handlers;
    }

    /** Serves every path with {@code handler} on {@code address} (port 0: any free port). */
    public static HttpServer start(InetSocketAddress address, String threadName, BodyLimit limit, Handler handler)
            throws IOException {
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory(threadName + "io", true), NioIoHandler.newFactory());
        ExecutorService handlers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(threadName, 1).factory());
        AtomicInteger open = new AtomicInteger();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(io)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel connection) {
                        Channel listener = connection.parent();
                        if (open.incrementAndGet() >= MAX_CONNECTIONS) {
                            listener.config().setAutoRead(false);
                        }
                        connection.closeFuture().addListener(closed -> {
                            if (open.decrementAndGet() < MAX_CONNECTIONS) {
                                listener.config().setAutoRead(true);
                            }
                        });
                        connection
                                .pipeline()
                                .addLast(new HttpServerCodec(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                                        .setMaxHeaderSize(MAX_HEADER_BYTES)))
                                .addLast(new LimitedBody(limit))
                                .addLast(new Exchange(threadName, handler, handlers));
                    }
                });
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            io.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            handlers.shutdownNow();
            if (bound.cause() instanceof IOException e) {
                throw e; // a BindException stays one: cairn serve names the port
            }
            throw new IOException(
                    "cannot listen on " + address + ": " + bound.cause().getMessage(), bound.cause());
        }
        return new HttpServer(bound.channel(), io, handlers);
    }

    /** The port it listens on (the one chosen when started on port 0). */
    public int port() {
        return address().getPort();
    }

    /** The address and port it listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops answering; requests in flight are cut off. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        io.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
        handlers.shutdownNow();
    }

    /** {@code {"error": message}} with {@code status}, then the connection closes once the client has read it. */
    private static void refuse(ChannelHandlerContext ctx, int status, String message) {
        sendAndClose(ctx, HttpAnswer.error(status, message));
    }

    private static void sendAndClose(ChannelHandlerContext ctx, HttpAnswer answer) {
        FullHttpResponse response = response(answer, false);
        ctx.writeAndFlush(response).addListener(written -> {
            // closing with unread input would reset the connection and lose the answer: end our side, drain theirs
            if (ctx.channel() instanceof SocketChannel socket && socket.isActive()) {
                socket.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), LINGER_SECONDS, TimeUnit.SECONDS);
            } else {
                ctx.close();
            }
        });
    }

    private static FullHttpResponse response(HttpAnswer answer, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(answer.body()));
        answer.headers().forEach((name, value) -> response.headers().set(name, value));
        HttpUtil.setContentLength(response, answer.body().length);
        response.headers()
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return response;
    }

    /** Reads a whole body up to the limit; over it, answers the handler's 413 without reading the rest. */
    private static final class LimitedBody extends HttpObjectAggregator {
        private final BodyLimit limit;

        LimitedBody(BodyLimit limit) {
            super(limit.maxBytes());
            this.limit = limit;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            String size = HttpUtil.isContentLengthSet(oversized)
                    ? HttpUtil.getContentLength(oversized, -1L) + " bytes"
                    : "over " + limit.maxBytes() + " bytes";
            sendAndClose(ctx, limit.answer().apply(size));
        }
    }

    /**
     * One connection: checks each request, hands it to the handler on a virtual thread, and answers requests in the
     * order they came (a pipelined request waits for the one before it). Runs on the connection's I/O thread.
     */
    private static final class Exchange extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final String serverName;
        private final Handler handler;
        private final ExecutorService handlers;
        private final Queue<FullHttpRequest> waiting = new ArrayDeque<>();
        private boolean busy;
        private boolean closing;
        private ScheduledFuture<?> deadline;

        Exchange(String threadName, Handler handler, ExecutorService handlers) {
            super(false); // requests are released when answered, not when read
            this.serverName = threadName.endsWith("-") ? threadName.substring(0, threadName.length() - 1) : threadName;
            this.handler = handler;
            this.handlers = handlers;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            awaitRequest(ctx);
            super.channelActive(ctx);
        }

        private void awaitRequest(ChannelHandlerContext ctx) {
            cancelDeadline();
            deadline = ctx.executor().schedule(() -> ctx.close(), MAX_REQUEST_SECONDS, TimeUnit.SECONDS);
        }

        private void cancelDeadline() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (closing) {
                request.release();
                return;
            }
            if (busy) {
                waiting.add(request);
                return;
            }
            handle(ctx, request);
        }

        private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
            cancelDeadline();
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpCall call;
            try {
                call = call(request);
            } catch (Refused refused) {
                closing = true;
                refuse(ctx, refused.status, refused.getMessage());
                return;
            } finally {
                request.release();
            }
            busy = true;
            deadline = ctx.executor().schedule(() -> ctx.close(), MAX_RESPONSE_SECONDS, TimeUnit.SECONDS);
            handlers.execute(() -> {
                HttpAnswer answer = answer(call);
                ctx.executor().execute(() -> answered(ctx, answer, keepAlive));
            });
        }

        private HttpAnswer answer(HttpCall call) {
            try {
                return handler.answer(call);
            } catch (Exception | Error e) {
                System.err.println(serverName + ": request " + call.requestId() + " (" + call.method() + " "
                        + call.target().getRawPath() + ") failed:");
                e.printStackTrace(System.err);
                return HttpAnswer.error(
                                500,
                                "the server failed to answer this request; its log has the cause under request id "
                                        + call.requestId())
                        .with("X-Request-Id", call.requestId());
            }
        }

        private void answered(ChannelHandlerContext ctx, HttpAnswer answer, boolean keepAlive) {
            cancelDeadline();
            busy = false;
            if (!ctx.channel().isActive()) {
                return;
            }
            if (!keepAlive) {
                closing = true;
                sendAndClose(ctx, answer);
                return;
            }
            ctx.writeAndFlush(response(answer, true));
            FullHttpRequest next = waiting.poll();
            if (next != null) {
                handle(ctx, next);
            } else {
                awaitRequest(ctx);
            }
        }

        /** The request as a handler sees it, or why it is refused. */
        private static HttpCall call(FullHttpRequest request) throws Refused {
            if (request.decoderResult().isFailure()) {
                Throwable cause = request.decoderResult().cause();
                if (cause instanceof TooLongHttpHeaderException) {
                    throw new Refused(
                            431,
                            "the request's headers are over " + MAX_HEADER_BYTES
                                    + " bytes in all: send fewer or shorter headers");
                }
                if (cause instanceof TooLongHttpLineException) {
                    throw new Refused(
                            414, "the request line is over " + MAX_REQUEST_LINE_BYTES + " bytes: send a shorter path");
                }
                throw new Refused(
                        400,
                        "malformed HTTP request (" + describe(cause)
                                + "): send a request line such as POST /invocations HTTP/1.1, then headers Name: value");
            }
            String target = request.uri();
            URI uri;
            try {
                uri = new URI(target);
            } catch (URISyntaxException e) {
                throw new Refused(
                        400,
                        "the request target " + target + " is not a valid URI (" + e.getReason() + " at index "
                                + e.getIndex() + "): percent-encode the path, e.g. a space as %20 and % as %25");
            }
            if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
                throw new Refused(400, "the request target " + target + " is not a path: it must start with /");
            }
            return new HttpCall(
                    request.method().name(),
                    uri,
                    request.headers().entries(),
                    ByteBufUtil.getBytes(request.content()),
                    UUID.randomUUID().toString());
        }

        /** A decoder's complaint in plain words: its message only, never the exception's class. */
        private static String describe(Throwable cause) {
            String message = cause == null ? null : cause.getMessage();
            return message == null || message.isBlank() ? "it could not be parsed" : message;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a connection reset or a write to a closed socket: nothing left to answer
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancelDeadline();
            waiting.forEach(FullHttpRequest::release);
            waiting.clear();
            super.channelInactive(ctx);
        }
    }

    /** A request refused before any handler saw it. */
    private static final class Refused extends Exception {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
