package dev.booking.queue.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a replica and its primary that the test can make lag: while held, what the
 * primary sends is kept here instead of forwarded, and if the primary dies meanwhile it is dropped,
 * as a replica on a slow network would never have received it. Makes the window of asynchronous
 * replication reproducible on one machine, where the real lag is far below a millisecond.
 */
final class ReplicationLink implements AutoCloseable {

    private final ServerSocket server;
    private final int primaryPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean held;
    private volatile boolean closed;

    private ReplicationLink(int primaryPort) throws IOException {
        this.primaryPort = primaryPort;
        this.server = new ServerSocket(PrivateRedis.reservedPort(), 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "ha-link-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Relays connections to the primary on {@code primary}'s port. */
    static ReplicationLink to(PrivateRedis primary) {
        try {
            return new ReplicationLink(primary.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port a replica connects to ({@code --replicaof 127.0.0.1 port}). */
    int port() {
        return server.getLocalPort();
    }

    /** From now on keeps what the primary sends instead of forwarding it. */
    void hold() {
        synchronized (gate) {
            held = true;
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket replica = server.accept();
                Socket primary;
                try {
                    primary = new Socket(InetAddress.getLoopbackAddress(), primaryPort);
                } catch (IOException primaryGone) {
                    replica.close();
                    continue;
                }
                // Nagle's delay on a relay of small writes would hold every WAIT for tens of milliseconds
                replica.setTcpNoDelay(true);
                primary.setTcpNoDelay(true);
                sockets.add(replica);
                sockets.add(primary);
                pump(primary, replica, true);
                pump(replica, primary, false);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("replication link: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromPrimary) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    boolean holding;
                    synchronized (gate) {
                        holding = held;
                    }
                    if (fromPrimary && holding) {
                        kept.write(buffer, 0, n); // never forwarded: lost with the primary
                    } else {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException closedOrKilled) {
                // the other side went away: so does this relay
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, fromPrimary ? "ha-link-down" : "ha-link-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }
}
